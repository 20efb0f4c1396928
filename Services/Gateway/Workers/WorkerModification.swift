import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `PUT /v2/workers/{id}`: maintenance, info, name and team (owner or moderator) and paused (moderators only).
/// The flags are stored on the worker's row in `gateway.workers`, where the pop path reads them.
struct WorkerModification: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Longest worker name.
    static let maxNameLength = 100
    /// Longest worker info.
    static let maxInfoLength = 1000
    /// Longest maintenance message kept.
    static let maxMaintenanceMessageLength = 300

    /// Applies the body: 200 `ModifyWorker` with the fields that changed.
    func modify(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(ModifyWorkerInput.self, from: request.body)
        try Self.validateSchema(input)
        let caller = try await context.authenticator.require(.worker, request)
        let id = try WorkersHandler.workerId(request)
        let rows = try await context.pool.query("SELECT owner_id, name FROM gateway.workers WHERE id = \(id)")
        guard let row = rows.first, let ownerId = row["owner_id"].int else { throw WorkersHandler.notFound }
        let auth = context.authenticator
        var result = ModifyWorker()
        var statements: [PostgresQuery] = []
        if let maintenance = input.maintenance {
            try auth.requireOwnerOrModerator(caller, ownerId: ownerId)
            let message = maintenance
                ? input.maintenanceMsg.map { String($0.prefix(Self.maxMaintenanceMessageLength)) } : nil
            statements.append(
                """
                UPDATE gateway.workers SET maintenance = \(maintenance), maintenance_msg = \(message) WHERE id = \(id)
                """)
            result.maintenance = maintenance
        }
        if let paused = input.paused {
            try auth.check(.moderator, caller)
            statements.append("UPDATE gateway.workers SET paused = \(paused) WHERE id = \(id)")
            result.paused = paused
        }
        if let info = input.info {
            try auth.requireOwnerOrModerator(caller, ownerId: ownerId)
            let text = UserModification.sanitize(info)
            if ProfanityCheck.isProfane(text) {
                throw HordeError(.profaneWorkerInfo, "This worker info is not allowed.")
            }
            statements.append("UPDATE gateway.workers SET info = \(text.isEmpty ? nil : text) WHERE id = \(id)")
            result.info = text
        }
        if let name = input.name {
            try auth.requireOwnerOrModerator(caller, ownerId: ownerId)
            let text = UserModification.sanitize(name)
            if ProfanityCheck.isProfane(text) {
                throw HordeError(.profaneWorkerName, "This worker name is not allowed.")
            }
            let taken = try await context.pool.query(
                "SELECT 1 AS taken FROM gateway.workers WHERE name = \(text) AND id <> \(id)")
            if !taken.isEmpty {
                throw HordeError(.workerNameAlreadyExists, "A worker named '\(text)' already exists.")
            }
            statements.append("UPDATE gateway.workers SET name = \(text) WHERE id = \(id)")
            result.name = text
        }
        if let team = input.team {
            try auth.requireOwnerOrModerator(caller, ownerId: ownerId)
            if team.isEmpty {
                statements.append("UPDATE gateway.workers SET team_id = NULL WHERE id = \(id)")
                result.team = ""
            } else {
                guard let teamId = UUID(uuidString: team),
                    let teamName = try await context.pool.query("SELECT name FROM gateway.teams WHERE id = \(teamId)")
                        .first?["name"].string
                else { throw TeamsHandler.notFound }
                statements.append("UPDATE gateway.workers SET team_id = \(teamId) WHERE id = \(id)")
                result.team = teamName
            }
        }
        guard !statements.isEmpty else {
            throw HordeError(.noWorkerModSelected, "No worker modification selected!")
        }
        let batch = statements
        do {
            try await context.pool.withTransaction { connection in
                for statement in batch { try await connection.execute(statement) }
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            throw HordeError(.workerNameAlreadyExists, "A worker with this name already exists.")
        }
        return .json(200, result, encoder: APICoding.encoder())
    }

    /// The swagger limits, with the catalogue's own rc for over-long names and infos.
    static func validateSchema(_ input: ModifyWorkerInput) throws {
        if let name = input.name, name.count > maxNameLength {
            throw HordeError(.tooLongWorkerName, "A worker name cannot be longer than \(maxNameLength) characters.")
        }
        if let info = input.info, info.count > maxInfoLength {
            throw HordeError(.tooLongWorkerName, "A worker info cannot be longer than \(maxInfoLength) characters.")
        }
        var errors = SchemaErrors()
        errors.length(input.name, "name", min: 5, max: maxNameLength)
        errors.length(input.team, "team", max: 36)
        try errors.throwIfAny()
    }
}
