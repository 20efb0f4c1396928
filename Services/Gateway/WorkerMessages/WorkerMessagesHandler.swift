import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `GET|POST /v2/workers/messages` and `GET|DELETE /v2/workers/messages/{id}`: messages to workers' owners.
/// Users message their own workers; moderators message any worker or all of them (no `worker_id`).
struct WorkerMessagesHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Messages per page of the list.
    static let pageSize = 50
    /// Longest expiry, in hours.
    static let maxExpiryHours = 720
    /// Parser default expiry, in hours.
    static let defaultExpiryHours = 12

    private var store: WorkerMessageStore { WorkerMessageStore(pool: context.pool) }

    /// Creates a message: 200 with the stored message (and its id).
    func create(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(ResponseModelMessage.self, from: request.body)
        var errors = SchemaErrors()
        errors.length(input.message, "message", min: 1, max: 10240)
        errors.length(input.origin, "origin", min: 1, max: 255)
        errors.length(input.workerId, "worker_id", min: 36, max: 36)
        errors.range(input.expiry, "expiry", 1, Self.maxExpiryHours)
        try errors.throwIfAny()
        let author = try await context.authenticator.require(.registered, request)
        var workerId: UUID?
        if let text = input.workerId {
            guard let id = UUID(uuidString: text) else { throw WorkersHandler.notFound }
            let rows = try await context.pool.query("SELECT owner_id FROM gateway.workers WHERE id = \(id)")
            guard let owner = rows.first?["owner_id"].int else { throw WorkersHandler.notFound }
            if owner != author.id, !author.moderator {
                throw HordeError(.messagesOnlyOwnWorkers, "You can only send messages to your own workers.")
            }
            workerId = id
        } else if !author.moderator {
            throw HordeError(.messagesOnlyOwnWorkers, "Only moderators can send a message to every worker.")
        }
        let id = UUID()
        let hours = input.expiry ?? Self.defaultExpiryHours
        let expiresAt = Date().addingTimeInterval(TimeInterval(hours) * 3600)
        try await context.pool.execute(
            """
            INSERT INTO gateway.worker_messages (id, worker_id, author_id, message, origin, expires_at)
            VALUES (\(id), \(workerId), \(author.id), \(input.message), \(input.origin), \(expiresAt))
            """)
        let created = ResponseModelMessage(
            id: id.apiString, workerId: workerId?.apiString, message: input.message, origin: input.origin,
            expiry: hours, expiresAt: expiresAt)
        return .json(200, created, encoder: APICoding.encoder())
    }

    /// Lists messages (50 per page): a user's own (to their workers, broadcasts, or written by them); moderators
    /// all. Filters: `user_id` (workers of that user), `worker_id`, `validity` active|expired|all, `page`.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        var errors = SchemaErrors()
        let validity = request.queryValue("validity") ?? "active"
        errors.oneOf(validity, "validity", ["active", "expired", "all"])
        var page = 1
        if let text = request.queryValue("page") {
            if let value = Int(text) { page = value } else { errors.add("page", "Expected an integer") }
        }
        errors.range(page, "page", 1, 1_000_000)
        var userFilter: Int?
        if let text = request.queryValue("user_id"), !text.isEmpty {
            let digits = text.split(separator: "#").last.map(String.init) ?? text
            if let id = Int(digits) { userFilter = id } else { errors.add("user_id", "Expected a user id") }
        }
        var workerFilter: UUID?
        if let text = request.queryValue("worker_id"), !text.isEmpty {
            if let id = UUID(uuidString: text) {
                workerFilter = id
            } else {
                errors.add("worker_id", "Expected a worker id")
            }
        }
        try errors.throwIfAny()
        let caller = try await context.authenticator.require(.registered, request)
        if let userFilter, userFilter != caller.id, !caller.moderator {
            throw HordeError(.notModerator, "Only moderators can read other users' messages.")
        }
        let now = Date()
        let visibleTo: Int? = caller.moderator ? nil : caller.id
        let rows = try await context.pool.query(
            """
            SELECT \(unsafeSQL: WorkerMessageStore.columns) FROM gateway.worker_messages m
            LEFT JOIN gateway.workers w ON w.id = m.worker_id
            WHERE (\(visibleTo)::bigint IS NULL OR m.worker_id IS NULL OR w.owner_id = \(visibleTo)
                   OR m.author_id = \(visibleTo))
              AND (\(userFilter)::bigint IS NULL OR w.owner_id = \(userFilter))
              AND (\(workerFilter)::uuid IS NULL OR m.worker_id = \(workerFilter))
              AND (\(validity) = 'all' OR (\(validity) = 'active') = (m.expires_at > \(now)))
            ORDER BY m.created_at DESC, m.id
            LIMIT \(Self.pageSize) OFFSET \((page - 1) * Self.pageSize)
            """)
        return .json(200, try rows.map(WorkerMessageStore.message), encoder: APICoding.encoder())
    }

    /// One message; 404 `WorkermessageNotFound`.
    func message(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.messageId(request)
        let rows = try await context.pool.query(
            "SELECT \(unsafeSQL: WorkerMessageStore.columns) FROM gateway.worker_messages m WHERE m.id = \(id)")
        guard let row = rows.first else { throw Self.notFound }
        return .json(200, try WorkerMessageStore.message(row), encoder: APICoding.encoder())
    }

    /// Deletes a message (its author or a moderator): 200 `{"message": "OK"}`.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.messageId(request)
        let caller = try await context.authenticator.require(.registered, request)
        let rows = try await context.pool.query("SELECT author_id FROM gateway.worker_messages WHERE id = \(id)")
        guard let author = rows.first?["author_id"].int else { throw Self.notFound }
        try context.authenticator.requireOwnerOrModerator(caller, ownerId: author, rc: .notOwner)
        try await context.pool.execute("DELETE FROM gateway.worker_messages WHERE id = \(id)")
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    private static func messageId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["message_id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    /// 404 `WorkermessageNotFound`.
    static let notFound = HordeError(.workermessageNotFound, "Worker message not found.")
}
