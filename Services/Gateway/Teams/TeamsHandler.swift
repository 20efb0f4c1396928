import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `GET|POST /v2/teams` and `GET|PATCH|DELETE /v2/teams/{id}`. Trusted users create teams; the creator or a
/// moderator changes or deletes them; deleting a team detaches its workers.
struct TeamsHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// Every team.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        let rows = try await context.pool.query("\(unsafeSQL: Self.selectFrom) ORDER BY t.created_at, t.id")
        var teams: [TeamDetails] = []
        for row in rows { teams.append(try await details(row)) }
        return .json(200, teams, encoder: APICoding.encoder())
    }

    /// One team; 404 `TeamNotFound`. A key, when sent, must be a moderator's (as the reference requires).
    func team(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.teamId(request)
        if request.apiKey != nil { _ = try await context.authenticator.require(.moderator, request) }
        let rows = try await context.pool.query("\(unsafeSQL: Self.selectFrom) WHERE t.id = \(id)")
        guard let row = rows.first else { throw Self.notFound }
        return .json(200, try await details(row), encoder: APICoding.encoder())
    }

    /// Creates a team (trusted users): 200 `ModifyTeam`.
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(CreateTeamInput.self, from: request.body)
        guard input.name != nil else { throw HordeError.validation(errors: ["name": "'name' is a required property"]) }
        let (name, info) = try Self.validate(input)
        let creator = try await context.authenticator.require(.trusted, request, rc: .untrustedTeamCreation)
        let id = UUID()
        do {
            try await context.pool.execute(
                "INSERT INTO gateway.teams (id, name, info, owner_id) VALUES (\(id), \(name), \(info), \(creator.id))")
        } catch let error as PostgresError where error.isUniqueViolation {
            throw Self.nameTaken(name ?? "")
        }
        return .json(200, ModifyTeam(id: id.apiString, name: name ?? "", info: info), encoder: APICoding.encoder())
    }

    /// Changes a team's name or info (creator or moderator): 200 `ModifyTeam`.
    func modify(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(CreateTeamInput.self, from: request.body)
        let (name, info) = try Self.validate(input)
        let caller = try await context.authenticator.require(.registered, request)
        let id = try Self.teamId(request)
        let owner = try await ownerId(of: id)
        try context.authenticator.requireOwnerOrModerator(caller, ownerId: owner)
        guard name != nil || info != nil else { throw HordeError(.noTeamModSelected, "No team modification selected!") }
        let rows: [PostgresRow]
        do {
            rows = try await context.pool.query(
                """
                UPDATE gateway.teams SET name = coalesce(\(name), name), info = coalesce(\(info), info)
                WHERE id = \(id) RETURNING name, info
                """)
        } catch let error as PostgresError where error.isUniqueViolation {
            throw Self.nameTaken(name ?? "")
        }
        guard let row = rows.first else { throw Self.notFound }
        let team = ModifyTeam(id: id.apiString, name: row["name"].string ?? "", info: row["info"].string)
        return .json(200, team, encoder: APICoding.encoder())
    }

    /// Deletes a team (creator or moderator); its workers leave it: 200 `DeletedTeam`.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let caller = try await context.authenticator.require(.registered, request)
        let id = try Self.teamId(request)
        let owner = try await ownerId(of: id)
        try context.authenticator.requireOwnerOrModerator(caller, ownerId: owner)
        let name = try await context.pool.withTransaction { connection in
            try await connection.execute("UPDATE gateway.workers SET team_id = NULL WHERE team_id = \(id)")
            return try await connection.query("DELETE FROM gateway.teams WHERE id = \(id) RETURNING name")
                .first?["name"].string
        }
        guard let name else { throw Self.notFound }
        return .json(200, DeletedTeam(deletedId: id.apiString, deletedName: name), encoder: APICoding.encoder())
    }

    /// The schema limits, profanity and sanitising; returns the cleaned name and info.
    static func validate(_ input: CreateTeamInput) throws -> (name: String?, info: String?) {
        var errors = SchemaErrors()
        errors.length(input.name, "name", min: 3, max: 100)
        errors.length(input.info, "info", min: 3, max: 1000)
        try errors.throwIfAny()
        let name = input.name.map(UserModification.sanitize)
        let info = input.info.map(UserModification.sanitize)
        if let name {
            if name.count < 3 { throw HordeError.validation(errors: ["name": "'\(name)' is too short"]) }
            if ProfanityCheck.isProfane(name) { throw HordeError(.profaneTeamName, "This team name is not allowed.") }
        }
        if let info, ProfanityCheck.isProfane(info) {
            throw HordeError(.profaneTeamInfo, "This team info is not allowed.")
        }
        return (name, info)
    }

    private func ownerId(of id: UUID) async throws -> Int {
        let rows = try await context.pool.query("SELECT owner_id FROM gateway.teams WHERE id = \(id)")
        guard let owner = rows.first?["owner_id"].int else { throw Self.notFound }
        return owner
    }

    private static let selectFrom = """
        SELECT t.id, t.name, t.info, t.owner_id, u.username AS owner_name
        FROM gateway.teams t JOIN gateway.users u ON u.id = t.owner_id
        """

    private func details(_ row: PostgresRow) async throws -> TeamDetails {
        let id = try row.decode("id", as: UUID.self)
        let workerRows = try await context.pool.query(
            "SELECT id, name, kind, models, last_check_in FROM gateway.workers WHERE team_id = \(id) ORDER BY name")
        let now = Date()
        var workers: [WorkerDetailsLite] = []
        var models: [String: Int] = [:]
        for worker in workerRows {
            let online = now.timeIntervalSince(worker["last_check_in"].date ?? .distantPast)
                < WorkerDetailsBuilder.onlineWindow
            workers.append(
                WorkerDetailsLite(
                    type: worker["kind"].string ?? "image", name: worker["name"].string ?? "",
                    id: try worker.decode("id", as: UUID.self).apiString, online: online))
            if online {
                for model in try worker.decode("models", as: [String].self) { models[model, default: 0] += 1 }
            }
        }
        let ownerId = try row.decode("owner_id", as: Int.self)
        return TeamDetails(
            name: try row.decode("name", as: String.self), id: id.apiString, info: row["info"].string,
            creator: "\(row["owner_name"].string ?? "")#\(ownerId)", workers: workers,
            models: models.sorted { $0.key < $1.key }.map { ActiveModelLite(name: $0.key, count: $0.value) })
    }

    private static func teamId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["team_id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    private static func nameTaken(_ name: String) -> HordeError {
        HordeError(.teamNameAlreadyExists, "A team named '\(name)' already exists.")
    }

    /// 404 `TeamNotFound`.
    static let notFound = HordeError(.teamNotFound, "Team not found.")
}
