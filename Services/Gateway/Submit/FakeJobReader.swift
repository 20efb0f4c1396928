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
        guard let row = rows.first else { return nil }
        return try JobRecord(row: row, fake: true)
    }
}
