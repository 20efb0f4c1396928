import Foundation
import Messages
import Postgres

@testable import Gateway

/// Rows the scheduler would write, inserted directly so the gateway's reads can be tested alone.
extension GatewayStack {
    /// A request as the gateway stores it.
    func insertRequest(
        kind: RequestKind = .image, userId: Int, n: Int = 1, kudos: Double = 6.5, prompt: String = "a cat",
        maxLength: Int = 80, expiresIn: TimeInterval = 1200
    ) async throws -> UUID {
        let id = UUID()
        let params = #"{"prompt": "\#(prompt)", "params": {"max_length": \#(maxLength)}}"#
        try await pool.execute(
            """
            INSERT INTO gateway.requests (id, kind, user_id, n, params, models, kudos, client_agent, created_at, expires_at)
            VALUES (\(id), \(kind.rawValue), \(userId), \(n), \(PostgresJSON(params)), \(["stable_diffusion"]), \(kudos),
                'test:1:test', now(), now() + \(unsafeSQL: "interval '\(Int(expiresIn)) seconds'"))
            """)
        return id
    }

    /// The scheduler's row for a request.
    func insertSchedulerRequest(_ id: UUID, kind: RequestKind = .image, state: String, n: Int, waiting: Int) async throws {
        try await pool.execute(
            """
            INSERT INTO scheduler.requests (id, kind, user_id, state, n_total, n_waiting, created_at, expires_at)
            VALUES (\(id), \(kind.rawValue), 1, \(state), \(n), \(waiting), now(), now() + interval '20 minutes')
            """)
    }

    /// A job handed to a worker.
    @discardableResult
    func insertJob(
        request: UUID, kind: RequestKind = .image, state: String = "processing", ownerId: Int,
        workerId: UUID = UUID(), model: String = "stable_diffusion", cost: Double? = nil,
        bridgeAgent: String = "horde-worker:0.1.0:local"
    ) async throws -> UUID {
        let id = UUID()
        try await pool.execute(
            """
            INSERT INTO scheduler.jobs (id, request_id, kind, worker_id, worker_name, worker_owner_id, bridge_agent,
                model, batch_index, state, seed, started_at, deadline_at, cost)
            VALUES (\(id), \(request), \(kind.rawValue), \(workerId), 'it-worker', \(ownerId), \(bridgeAgent), \(model),
                0, \(state), '777', now(), now() + interval '150 seconds', \(cost))
            """)
        return id
    }

    /// A tiny valid PNG header, base64.
    static let pngBase64 = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 73, 72, 68, 82])
        .base64EncodedString()
}
