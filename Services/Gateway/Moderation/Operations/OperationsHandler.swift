import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `/v2/operations/…`: moderators put IPs and CIDR blocks in timeout (hours) and block a worker's IP (days; an
/// IPv6 worker as its /64). Blocks live in `gateway.ip_timeouts`; every change bumps their version so all
/// replicas pick it up.
struct OperationsHandler: Sendable {
    private let context: GatewayContext
    private var services: ModerationServices { context.moderation }

    /// A handler over the shared dependencies.
    init(context: GatewayContext) { self.context = context }

    /// `GET /v2/operations/ipaddr`: every active block.
    func list(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request)
        let now = Date()
        let blocks = try await services.store.blocks()
        return .json(
            200, blocks.map { IPTimeout(ipaddr: $0.range.description, seconds: $0.secondsLeft(at: now)) },
            encoder: APICoding.encoder())
    }

    /// `GET /v2/operations/ipaddr/{ipaddr}`: the blocks covering one IP, and its own timeout if it has one.
    func single(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request)
        let address = request.pathParameter("ipaddr") ?? ""
        guard IPRange.parseAddress(address) != nil else {
            throw HordeError(.badRequest, "'\(address)' is not an IP address.")
        }
        let now = Date()
        var entries = try await services.store.blocks().filter { $0.range.contains(address) }.map {
            IPTimeout(ipaddr: $0.range.description, seconds: $0.secondsLeft(at: now))
        }
        if let left = try? await services.suspicion.timeoutLeft(address) {
            entries.append(IPTimeout(ipaddr: address, seconds: left))
        }
        return .json(200, entries, encoder: APICoding.encoder())
    }

    /// `POST /v2/operations/ipaddr`: puts an IP or CIDR in timeout for 1–720 hours.
    func add(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(AddTimeoutIPInput.self, from: request.body)
        let user = try await requireModerator(request)
        let range = try Self.range(input.ipaddr)
        guard (1...720).contains(input.hours) else {
            throw HordeError.validation("hours", "\(input.hours) is not within 1–720")
        }
        let cidr = range.description
        try await services.store.changingBlocks { connection in
            try await connection.execute(
                """
                INSERT INTO gateway.ip_timeouts (cidr, expires_at, created_by)
                VALUES (\(cidr), now() + make_interval(hours => \(input.hours)::int), \(user.id))
                ON CONFLICT (cidr) DO UPDATE SET expires_at = excluded.expires_at, created_by = excluded.created_by,
                    worker_id = NULL
                """)
        }
        await services.state.refresh()
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    /// `DELETE /v2/operations/ipaddr`: lifts the timeout of an IP or CIDR (and an IP's own suspicion timeout).
    func remove(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(DeleteTimeoutIPInput.self, from: request.body)
        try await requireModerator(request)
        let range = try Self.range(input.ipaddr)
        let cidr = range.description
        try await services.store.changingBlocks { connection in
            try await connection.execute("DELETE FROM gateway.ip_timeouts WHERE cidr = \(cidr)")
        }
        if !cidr.contains("/") {
            try? await services.suspicion.clear(cidr)
            services.limiter.clearTimeout(services.suspicion.timeoutKey(cidr))
        }
        await services.state.refresh()
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    /// `PUT /v2/operations/block_worker_ipaddr/{worker_id}`: blocks the worker's last IP for 1–30 days.
    func blockWorker(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(AddWorkerTimeout.self, from: request.body)
        let user = try await requireModerator(request)
        guard (1...30).contains(input.days) else {
            throw HordeError.validation("days", "\(input.days) is not within 1–30")
        }
        let workerId = try Self.workerId(request)
        let rows = try await context.pool.query("SELECT ipaddr FROM gateway.workers WHERE id = \(workerId)")
        guard let row = rows.first else { throw Self.workerNotFound(workerId) }
        guard let address = row["ipaddr"].string, let range = IPRange(address: address, ipv6Prefix: 64) else {
            throw HordeError(.badRequest, "This worker has no known IP address.")
        }
        let cidr = range.description
        try await services.store.changingBlocks { connection in
            try await connection.execute(
                """
                INSERT INTO gateway.ip_timeouts (cidr, worker_id, expires_at, created_by)
                VALUES (\(cidr), \(workerId), now() + make_interval(days => \(input.days)::int), \(user.id))
                ON CONFLICT (cidr) DO UPDATE SET expires_at = excluded.expires_at, worker_id = excluded.worker_id,
                    created_by = excluded.created_by
                """)
        }
        await services.state.refresh()
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    /// `DELETE /v2/operations/block_worker_ipaddr/{worker_id}`: lifts the block of the worker's IP.
    func unblockWorker(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await requireModerator(request)
        let workerId = try Self.workerId(request)
        let exists = try await context.pool.query("SELECT 1 FROM gateway.workers WHERE id = \(workerId)")
        guard !exists.isEmpty else { throw Self.workerNotFound(workerId) }
        try await services.store.changingBlocks { connection in
            try await connection.execute("DELETE FROM gateway.ip_timeouts WHERE worker_id = \(workerId)")
        }
        await services.state.refresh()
        return .json(200, SimpleResponse(), encoder: APICoding.encoder())
    }

    @discardableResult
    private func requireModerator(_ request: HTTPRequest) async throws -> AuthenticatedUser {
        let user = try await context.authenticator.requireUser(request)
        try ModerationAccess.requireModerator(user, admins: services.config.admins, action: "use IP operations")
        return user
    }

    private static func range(_ text: String) throws -> IPRange {
        guard (7...40).contains(text.count) else {
            throw HordeError.validation("ipaddr", "'\(text)' must be 7–40 characters long")
        }
        guard let range = IPRange(text) else {
            throw HordeError(.badRequest, "'\(text)' is not an IP address or CIDR.")
        }
        return range
    }

    private static func workerId(_ request: HTTPRequest) throws -> UUID {
        let raw = request.pathParameter("worker_id") ?? ""
        guard let id = UUID(uuidString: raw) else {
            throw HordeError(.workerNotFound, "Worker with ID '\(raw)' not found.")
        }
        return id
    }

    private static func workerNotFound(_ id: UUID) -> HordeError {
        HordeError(.workerNotFound, "Worker with ID '\(id.uuidString.lowercased())' not found.")
    }
}
