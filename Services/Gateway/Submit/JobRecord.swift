import Foundation
import Messages
import Postgres

/// A job as the submit path needs it: the scheduler's row (`scheduler.jobs`) plus what the gateway stored about
/// its request.
struct JobRecord: Sendable, Equatable {
    /// The job id.
    var id: UUID
    /// The request the job belongs to.
    var requestId: UUID
    /// Image or text.
    var kind: RequestKind
    /// The worker the job was handed to.
    var workerId: UUID
    /// That worker's name.
    var workerName: String
    /// The user who owns that worker (only they may submit).
    var workerOwnerId: Int
    /// The worker's `bridge_agent` at pop time.
    var bridgeAgent: String
    /// The model the job runs.
    var model: String
    /// `processing`, `done`, `faulted` or `timed_out`.
    var state: String
    /// The seed handed out with the job, if recorded.
    var seed: String?
    /// The request's per-job reward before the bridge factor (`gateway.requests.kudos`).
    var requestKudos: Double
    /// When the request (and its stored results) expire.
    var requestExpiresAt: Date
    /// Characters in the request's prompt, counted as Swift counts them when the request was accepted, so the
    /// reward answered here matches the scheduler's settlement (text pricing).
    var promptCharacters: Int
    /// The request's max_length (text pricing); 0 for images.
    var maxLength: Int
    /// The job's place in its pop's batch (0-based).
    var batchIndex: Int = 0
    /// How many jobs the pop handed out together (one pop's jobs share request, worker and start time).
    var batchSize: Int = 1
    /// A fake job a paused worker was given (`scheduler.fake_jobs`): its submit changes nothing and earns 0.
    var fake = false

    /// The `batch_index` note a batched job's generation carries (`ref` = the job's place in the batch), nil for
    /// a job popped alone.
    var batchMetadata: GenerationMetadataStable? {
        batchSize > 1 ? GenerationMetadataStable(type: "batch_index", value: "see_ref", ref: String(batchIndex)) : nil
    }
}

extension JobRecord {
    /// A job from a row of the submit path's job queries (columns missing from a fake job's row take their
    /// neutral values); nil for an unknown kind.
    init?(row: PostgresRow, fake: Bool = false) throws {
        guard let kind = RequestKind(rawValue: try row.decode("kind", as: String.self)) else { return nil }
        self.init(
            id: try row.decode("id", as: UUID.self),
            requestId: try row.decode("request_id", as: UUID.self),
            kind: kind,
            workerId: try row.decode("worker_id", as: UUID.self),
            workerName: row["worker_name"].string ?? "",
            workerOwnerId: try row.decode("worker_owner_id", as: Int.self),
            bridgeAgent: row["bridge_agent"].string ?? "unknown:0:unknown",
            model: row["model"].string ?? "",
            state: row["state"].string ?? "processing",
            seed: row["seed"].string,
            requestKudos: row["request_kudos"].double ?? 0,
            requestExpiresAt: try row.decode("request_expires_at", as: Date.self),
            promptCharacters: row["prompt_characters"].int ?? 0,
            maxLength: row["max_length"].int ?? 0,
            batchIndex: row["batch_index"].int ?? 0,
            batchSize: row["batch_size"].int ?? 1,
            fake: fake)
    }
}

/// Reads jobs for submits: one indexed read joining the scheduler's job row with the gateway's request row.
struct JobReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// The job, or nil when unknown (or its request is gone, or the scheduler has not created its schema yet). An id
    /// that is no real job is looked up among the fake jobs of paused workers.
    func job(_ id: UUID) async throws -> JobRecord? {
        if let job = try await realJob(id) { return job }
        return try await FakeJobReader(pool: pool).job(id)
    }

    private func realJob(_ id: UUID) async throws -> JobRecord? {
        let rows: [PostgresRow]
        do {
            rows = try await pool.query(
                """
                SELECT j.id, j.request_id, j.kind, j.worker_id, j.worker_name, j.worker_owner_id, j.bridge_agent,
                       j.model, j.state, j.seed, r.kudos AS request_kudos, r.expires_at AS request_expires_at,
                       coalesce((r.params->>'prompt_characters')::int, length(r.params->>'prompt'), 0)
                           AS prompt_characters,
                       coalesce((r.params->'params'->>'max_length')::int, 0) AS max_length,
                       j.batch_index,
                       (SELECT count(*) FROM scheduler.jobs b
                        WHERE b.request_id = j.request_id AND b.worker_id = j.worker_id
                            AND b.started_at = j.started_at) AS batch_size
                FROM scheduler.jobs j JOIN gateway.requests r ON r.id = j.request_id
                WHERE j.id = \(id)
                """)
        } catch where error.isUndefinedTable {
            return nil
        }
        guard let row = rows.first else { return nil }
        return try JobRecord(row: row)
    }
}
