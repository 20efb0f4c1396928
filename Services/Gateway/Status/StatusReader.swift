import Foundation
import Messages
import Postgres

/// Reads what statuses are built from, with indexed lookups only: the request by id, the scheduler's request by
/// id, its jobs and generations by request id. Missing scheduler tables (a scheduler that has not started yet)
/// read as "not seen yet".
struct StatusReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// The inputs of `id`'s status, or nil when the gateway never accepted such a request.
    func inputs(_ id: UUID) async throws -> StatusInputs? {
        try await pool.withConnection { connection in
            let requests = try await connection.query(
                "SELECT kind, n, expires_at, models FROM gateway.requests WHERE id = \(id)")
            guard let request = requests.first,
                let kind = RequestKind(rawValue: try request.decode("kind", as: String.self))
            else { return nil }
            var inputs = StatusInputs(
                kind: kind, n: try request.decode("n", as: Int.self),
                expiresAt: try request.decode("expires_at", as: Date.self), scheduler: nil, jobs: .init(),
                models: (try? request.decode("models", as: [String].self)) ?? [])
            do {
                let rows = try await connection.query(
                    "SELECT state, n_waiting, expires_at FROM scheduler.requests WHERE id = \(id)")
                if let row = rows.first {
                    inputs.scheduler = .init(
                        state: try row.decode("state", as: String.self),
                        nWaiting: try row.decode("n_waiting", as: Int.self), expiresAt: row["expires_at"].date)
                }
                let counts = try await connection.query(
                    """
                    SELECT state, count(*) AS jobs, coalesce(sum(cost), 0) AS cost
                    FROM scheduler.jobs WHERE request_id = \(id) GROUP BY state
                    """)
                for row in counts {
                    let jobs = try row.decode("jobs", as: Int.self)
                    switch row["state"].string {
                    case "processing": inputs.jobs.processing = jobs
                    case "done":
                        inputs.jobs.done = jobs
                        inputs.jobs.doneCost = row["cost"].double ?? 0
                    case "faulted": inputs.jobs.faulted = jobs
                    case "timed_out": inputs.jobs.timedOut = jobs
                    default: break
                    }
                }
            } catch where error.isUndefinedTable {
                // The scheduler has not created its tables yet: the request is simply waiting.
            }
            return inputs
        }
    }

    /// The delivered generations of `id`, oldest first (faulted submits are not listed).
    func generations(_ id: UUID) async throws -> [StoredGeneration] {
        let rows = try await pool.query(
            """
            SELECT job_id, worker_id, worker_name, model, seed, state, result, gen_metadata::text AS gen_metadata
            FROM gateway.generations WHERE request_id = \(id) AND state <> 'faulted'
            ORDER BY created_at, job_id
            """)
        let decoder = APICoding.decoder()
        return try rows.map { row in
            let metadata = row["gen_metadata"].string.flatMap {
                try? decoder.decode([GenerationMetadataStable].self, from: Data($0.utf8))
            }
            return StoredGeneration(
                jobId: try row.decode("job_id", as: UUID.self), workerId: try row.decode("worker_id", as: UUID.self),
                workerName: try row.decode("worker_name", as: String.self),
                model: try row.decode("model", as: String.self), seed: row["seed"].string ?? "",
                state: try row.decode("state", as: String.self), result: row["result"].string ?? "",
                genMetadata: metadata ?? [])
        }
    }
}
