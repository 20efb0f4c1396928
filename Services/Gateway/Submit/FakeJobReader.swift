import Foundation
import HTTP
import Messages
import Postgres

/// Recognises the fake jobs the scheduler hands paused workers (`scheduler.fake_jobs`, one primary-key lookup): the
/// worker's submit of one is answered as accepted with reward 0, and nothing is stored, settled or announced.
struct FakeJobReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// The answer to any submit of a fake job.
    static var accepted: HTTPResponse { .json(200, GenerationSubmitted(reward: 0), encoder: APICoding.encoder()) }

    /// The fake job `id`, or nil when there is none (or its request is gone).
    func job(_ id: UUID) async throws -> JobRecord? {
        let rows: [PostgresRow]
        do {
            rows = try await pool.query(
                """
                SELECT f.id, f.request_id, f.kind, f.worker_id, f.worker_name, f.worker_owner_id, f.model,
                       f.batch_index, r.expires_at AS request_expires_at
                FROM scheduler.fake_jobs f JOIN gateway.requests r ON r.id = f.request_id
                WHERE f.id = \(id)
                """)
        } catch where error.isUndefinedTable {
            return nil
        }
        guard let row = rows.first, let kind = RequestKind(rawValue: try row.decode("kind", as: String.self)) else {
            return nil
        }
        return JobRecord(
            id: try row.decode("id", as: UUID.self),
            requestId: try row.decode("request_id", as: UUID.self),
            kind: kind,
            workerId: try row.decode("worker_id", as: UUID.self),
            workerName: row["worker_name"].string ?? "",
            workerOwnerId: try row.decode("worker_owner_id", as: Int.self),
            bridgeAgent: "unknown:0:unknown",
            model: row["model"].string ?? "",
            state: "processing",
            seed: nil,
            requestKudos: 0,
            requestExpiresAt: try row.decode("request_expires_at", as: Date.self),
            promptCharacters: 0,
            maxLength: 0,
            batchIndex: row["batch_index"].int ?? 0,
            fake: true)
    }
}
