import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `GET /v2/workers`, `GET /v2/workers/{id}` and `GET /v2/workers/name/{name}`: workers' public records, with the
/// privileged fields for their owner and moderators.
struct WorkersHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Values of the `type` filter.
    static let kinds: Set<String> = ["image", "text", "interrogation"]

    /// The worker; 404 `WorkerNotFound` for unknown or non-UUID ids.
    func worker(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = try Self.workerId(request)
        let viewer = try await context.authenticator.optionalUser(request)
        let rows = try await context.pool.query("\(unsafeSQL: WorkerDetailsBuilder.selectFrom) WHERE w.id = \(id)")
        guard let row = rows.first else { throw Self.notFound }
        let details = try await WorkerDetailsBuilder(context: context).details(row: row, viewer: viewer)
        return .json(200, details, encoder: APICoding.encoder())
    }

    /// The worker named `worker_name`; 404 `WorkerNotFound` when none has that name.
    func workerByName(_ request: HTTPRequest) async throws -> HTTPResponse {
        // A name with a NUL cannot exist (names are stored as text, which cannot hold one).
        guard let name = request.pathParameters["worker_name"], !name.isEmpty, !name.unicodeScalars.contains("\0")
        else { throw Self.notFound }
        let viewer = try await context.authenticator.optionalUser(request)
        let rows = try await context.pool.query("\(unsafeSQL: WorkerDetailsBuilder.selectFrom) WHERE w.name = \(name)")
        guard let row = rows.first else { throw Self.notFound }
        let details = try await WorkerDetailsBuilder(context: context).details(row: row, viewer: viewer)
        return .json(200, details, encoder: APICoding.encoder())
    }

    /// Online workers (checked in within 5 minutes), optionally of one `type` and with one `name`.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        var errors = SchemaErrors()
        let kind = request.queryValue("type").flatMap { $0.isEmpty ? nil : $0 }
        errors.oneOf(kind, "type", Self.kinds)
        try errors.throwIfAny()
        let name = request.queryValue("name").flatMap { $0.isEmpty ? nil : $0 }
        if let name, name.unicodeScalars.contains("\0") {
            return .json(200, [WorkerDetails](), encoder: APICoding.encoder())
        }
        let viewer = try await context.authenticator.optionalUser(request)
        let since = Date().addingTimeInterval(-WorkerDetailsBuilder.onlineWindow)
        let rows = try await context.pool.query(
            """
            \(unsafeSQL: WorkerDetailsBuilder.selectFrom)
            WHERE w.last_check_in > \(since)
              AND (\(kind)::text IS NULL OR w.kind = \(kind))
              AND (\(name)::text IS NULL OR w.name = \(name))
            ORDER BY w.name
            """)
        let builder = WorkerDetailsBuilder(context: context)
        var workers: [WorkerDetails] = []
        for row in rows { workers.append(try await builder.details(row: row, viewer: viewer)) }
        return .json(200, workers, encoder: APICoding.encoder())
    }

    /// The `worker_id` path parameter as a UUID; 404 `WorkerNotFound` otherwise.
    static func workerId(_ request: HTTPRequest) throws -> UUID {
        guard let text = request.pathParameters["worker_id"], let id = UUID(uuidString: text) else { throw notFound }
        return id
    }

    /// 404 `WorkerNotFound`.
    static let notFound = HordeError(.workerNotFound, "Worker not found.")
}
