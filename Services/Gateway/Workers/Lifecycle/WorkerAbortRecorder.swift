import Foundation
import Messages
import Postgres

/// Counts the jobs each worker let time out, from the scheduler's `job.failed` events, and applies
/// `WorkerAbortPolicy` when a worker drops too many. Each event counts once (its id is remembered), and a worker's
/// row is locked while its count is checked, so replicas handling its events at the same time trip the rule once.
struct WorkerAbortRecorder: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// What recording one event did.
    enum Outcome: Sendable, Equatable {
        /// The event was counted before (a redelivery), or was not a timeout: nothing changed.
        case ignored
        /// The worker no longer exists; the abort is remembered but counts against nobody.
        case unknownWorker
        /// Counted; the worker now has this many aborts in the window.
        case counted(Int)
        /// Counted and the threshold crossed: suspicion added, and maintenance set unless in raid mode.
        case tripped(maintenance: Bool)
    }

    /// Counts `failed` (event `eventId`) against its worker when it is a timeout.
    @discardableResult
    func record(_ failed: JobFailed, eventId: UUID, now: Date = Date()) async throws -> Outcome {
        guard failed.reason == .timedOut else { return .ignored }
        let at = failed.failedAt
        return try await pool.withTransaction { connection in
            let fresh = try await connection.query(
                """
                INSERT INTO gateway.worker_aborts (event_id, worker_id, aborted_at)
                VALUES (\(eventId), \(failed.workerId), \(at))
                ON CONFLICT (event_id) DO NOTHING RETURNING event_id
                """)
            guard !fresh.isEmpty else { return .ignored }
            // Locks the worker's row: its count and the trip below are decided by one transaction at a time.
            let workers = try await connection.query(
                """
                UPDATE gateway.workers SET uncompleted_jobs = uncompleted_jobs + 1 WHERE id = \(failed.workerId)
                RETURNING kind, owner_id, aborts_counted_since
                """)
            guard let worker = workers.first else { return .unknownWorker }
            let workerKind = try worker.decode("kind", as: String.self)
            let kind = failed.kind == .interrogation ? RequestKind.interrogation.rawValue : workerKind
            let ownerId = try worker.decode("owner_id", as: Int.self)
            let countedSince = try worker.decode("aborts_counted_since", as: Date?.self)
            let forgotten = now.addingTimeInterval(-WorkerAbortPolicy.remembered)
            _ = try await connection.execute(
                """
                DELETE FROM gateway.worker_aborts
                WHERE worker_id = \(failed.workerId) AND aborted_at < \(forgotten)
                """)
            let since = max(at.addingTimeInterval(-WorkerAbortPolicy.window), countedSince ?? .distantPast)
            let counted = try await connection.query(
                """
                SELECT count(*) AS n FROM gateway.worker_aborts
                WHERE worker_id = \(failed.workerId) AND aborted_at > \(since) AND aborted_at <= \(at)
                """)
            let aborts = try counted.first?.decode("n", as: Int.self) ?? 0
            let modes = try await connection.query(
                "SELECT raid_mode FROM gateway.moderation_state WHERE id = 1")
            let raid = try modes.first?.decode("raid_mode", as: Bool.self) ?? false
            // An event older than the window (a backlog replayed after an outage) says nothing about the worker now.
            guard aborts > WorkerAbortPolicy.threshold(kind: kind, raid: raid),
                at > now.addingTimeInterval(-WorkerAbortPolicy.window)
            else { return .counted(aborts) }
            try await Self.trip(
                worker: failed.workerId, owner: ownerId, at: at, maintenance: !raid, connection)
            return .tripped(maintenance: !raid)
        }
    }

    /// The worker dropped too many jobs: its count starts again, suspicion 9 goes to it and its owner, maintenance
    /// is set (outside raid mode), and an untrusted owner's worker with enough suspicion is paused.
    private static func trip(
        worker: UUID, owner: Int, at: Date, maintenance: Bool, _ connection: PostgresConnection
    ) async throws {
        let message = WorkerAbortPolicy.maintenanceMessage
        _ = try await connection.execute(
            """
            UPDATE gateway.workers
            SET aborts_counted_since = \(at),
                maintenance = maintenance OR \(maintenance),
                maintenance_msg = CASE WHEN \(maintenance) THEN \(message) ELSE maintenance_msg END
            WHERE id = \(worker)
            """)
        _ = try await connection.execute(
            """
            INSERT INTO gateway.worker_suspicions (worker_id, reason)
            VALUES (\(worker), \(WorkerAbortPolicy.suspicionReason))
            """)
        _ = try await connection.execute(
            "UPDATE gateway.users SET suspicion = suspicion + 1 WHERE id = \(owner) AND id <> 0")
        _ = try await connection.execute(
            """
            UPDATE gateway.workers w SET paused = true
            FROM gateway.users u
            WHERE w.id = \(worker) AND u.id = w.owner_id AND NOT u.trusted
              AND (SELECT count(*) FROM gateway.worker_suspicions s WHERE s.worker_id = w.id)
                  >= \(WorkerAbortPolicy.pauseAtSuspicions)
            """)
    }
}
