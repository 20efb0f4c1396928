import Foundation
import Messages
import Postgres

/// `scheduler.fake_jobs`: the fake jobs handed to paused workers, and the tricked (request, worker) pairs they
/// imply.
struct FakeJobStore: Sendable {
    /// The scheduler's Postgres pool.
    let pool: PostgresPool

    /// The column of a `scheduler.requests` query listing the workers tricked with each request.
    static let trickedWorkersColumn = """
        ARRAY(SELECT DISTINCT f.worker_id FROM scheduler.fake_jobs f WHERE f.request_id = requests.id)
            AS tricked_workers
        """

    /// Reads a row of `SchedulerStore.requestColumns` plus `trickedWorkersColumn` as the index's view.
    static func queued(_ row: PostgresRow) throws -> QueuedRequest {
        var queued = try SchedulerStore.snapshot(row).queued
        queued.trickedWorkers = Set(try row.decode("tricked_workers", as: [UUID].self))
        return queued
    }

    /// Records the fake jobs `jobIds` of pop `popId`; a replayed pop finds them there already.
    func insert(
        jobIds: [UUID], popId: UUID, request: RequestCreated, worker: WorkerProfile, model: String, at date: Date
    ) async throws {
        _ = try await pool.execute(
            """
            INSERT INTO scheduler.fake_jobs
                (id, request_id, kind, worker_id, worker_name, worker_owner_id, model, batch_index, pop_id, started_at)
            SELECT job.id, \(request.requestId), \(request.kind.rawValue), \(worker.workerId), \(worker.name),
                \(worker.ownerId), \(model), (job.ordinal - 1)::int, \(popId), \(date)
            FROM unnest(\(jobIds)::uuid[]) WITH ORDINALITY AS job(id, ordinal)
            ON CONFLICT (id) DO NOTHING
            """)
    }
}
