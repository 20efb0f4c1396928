import Foundation
import Messages
import Postgres

/// The timers' side of the store: jobs past their deadline are timed out (slot back, fault counted, the request
/// faulted on its last allowed fault), requests past their expiry are expired. Their events go into the outbox in
/// the same transaction, so a crash between commit and publish loses none.
struct SweepStore: Sendable {
    /// The scheduler's Postgres pool.
    let pool: PostgresPool
    /// The fault that faults a whole request.
    let faultLimit: Int
    /// Where the sweep's events go.
    let eventsTopic: String
    /// How many requests one sweep handles at most; the rest wait for the next sweep.
    var batchSize = 200

    /// Times out overdue jobs, one request per transaction. Returns the requests' new states for the index.
    func timeOutJobs(now: Date) async throws -> [RequestSnapshot] {
        let overdue = try await pool.query(
            """
            SELECT DISTINCT request_id FROM scheduler.jobs
            WHERE state = 'processing' AND deadline_at < \(now)
            LIMIT \(batchSize)
            """)
        var snapshots: [RequestSnapshot] = []
        for row in overdue {
            let requestId = try row.decode("request_id", as: UUID.self)
            if let snapshot = try await timeOutJobs(of: requestId, now: now) { snapshots.append(snapshot) }
        }
        return snapshots
    }

    private func timeOutJobs(of requestId: UUID, now: Date) async throws -> RequestSnapshot? {
        let faultLimit = self.faultLimit
        let eventsTopic = self.eventsTopic
        return try await pool.withTransaction { connection in
            let locked = try await connection.query(
                """
                SELECT \(unsafeSQL: SchedulerStore.requestColumns) FROM scheduler.requests
                WHERE id = \(requestId) FOR UPDATE
                """)
            guard let requestRow = locked.first else { return nil }
            let request = try SchedulerStore.snapshot(requestRow)
            let timedOut = try await connection.query(
                """
                UPDATE scheduler.jobs SET state = 'timed_out', finished_at = \(now)
                WHERE request_id = \(requestId) AND state = 'processing' AND deadline_at < \(now)
                RETURNING id, worker_id
                """)
            guard !timedOut.isEmpty else { return nil }
            var state = request.state
            var waiting = request.waiting
            let faults = request.faults + timedOut.count
            var finished = false
            if state == "waiting" {
                if faults >= faultLimit {
                    state = "faulted"
                    waiting = 0
                    finished = true
                } else if request.cancelledAt == nil {
                    waiting += timedOut.count
                } else if try await SchedulerStore.inFlight(requestId, connection) == 0 {
                    state = "cancelled"
                    finished = true
                }
            }
            let rows = try await connection.query(
                """
                UPDATE scheduler.requests
                SET state = \(state), n_waiting = \(waiting), faults = \(faults), version = version + 1,
                    finished_at = CASE WHEN \(finished) THEN \(now) ELSE finished_at END
                WHERE id = \(requestId)
                RETURNING \(unsafeSQL: SchedulerStore.requestColumns)
                """)
            guard let row = rows.first else { return nil }
            let snapshot = try SchedulerStore.snapshot(row)
            var events: [(UUID, RequestEvent)] = []
            for job in timedOut {
                let jobId = try job.decode("id", as: UUID.self)
                let failed = JobFailed(
                    jobId: jobId, requestId: requestId, kind: request.request.kind,
                    workerId: try job.decode("worker_id", as: UUID.self), reason: .timedOut, failedAt: now)
                events.append((SchedulerEventIDs.jobFailed(jobId), .jobFailed(failed)))
            }
            if finished, let event = snapshot.finishedEvent {
                events.append((SchedulerEventIDs.finished(requestId), .finished(event)))
            }
            try await Outbox.insert(events, topic: eventsTopic, key: requestId, at: now, connection)
            return snapshot
        }
    }

    /// Deletes requests in a final state whose expiry has passed, with their jobs and fake jobs, at most
    /// `batchSize` × 5 per call (the rules' bulk delete of expired prompts: their results disappear, their status
    /// becomes 404, a late submit of one of their jobs gets `InvalidJobID`). Waiting requests are expired first
    /// (`expireRequests`), so their holds are released and their events published before the rows go. Returns how
    /// many requests were deleted.
    func deleteExpired(now: Date) async throws -> Int {
        var deleted = 0
        for _ in 0..<5 {
            let rows = try await pool.query(
                """
                WITH doomed AS (
                    SELECT id FROM scheduler.requests
                    WHERE state <> 'waiting' AND expires_at < \(now)
                    ORDER BY expires_at LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                ), jobs AS (
                    DELETE FROM scheduler.jobs WHERE request_id IN (SELECT id FROM doomed)
                ), fakes AS (
                    DELETE FROM scheduler.fake_jobs WHERE request_id IN (SELECT id FROM doomed)
                ), requests AS (
                    DELETE FROM scheduler.requests WHERE id IN (SELECT id FROM doomed) RETURNING 1
                )
                SELECT count(*)::int AS n FROM requests
                """)
            let count = try rows.first?.decode("n", as: Int.self) ?? 0
            deleted += count
            if count < batchSize { break }
        }
        return deleted
    }

    /// Expires waiting requests past their expiry: nothing more is handed out and jobs still in flight are
    /// dropped unsettled. Returns the expired requests' states for the index.
    func expireRequests(now: Date) async throws -> [RequestSnapshot] {
        let batchSize = self.batchSize
        let eventsTopic = self.eventsTopic
        return try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                WITH due AS (
                    SELECT id FROM scheduler.requests
                    WHERE state = 'waiting' AND expires_at < \(now)
                    ORDER BY expires_at LIMIT \(batchSize)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE scheduler.requests AS r
                SET state = 'expired', n_waiting = 0, finished_at = \(now), version = r.version + 1
                FROM due WHERE r.id = due.id
                RETURNING \(unsafeSQL: SchedulerStore.requestColumns(of: "r"))
                """)
            let snapshots = try rows.map { try SchedulerStore.snapshot($0) }
            guard !snapshots.isEmpty else { return [] }
            let ids = snapshots.map(\.request.requestId)
            try await connection.execute(
                """
                UPDATE scheduler.jobs SET state = 'timed_out', finished_at = \(now)
                WHERE request_id = ANY(\(ids)::uuid[]) AND state = 'processing'
                """)
            for snapshot in snapshots {
                guard let event = snapshot.finishedEvent else { continue }
                try await Outbox.insert(
                    [(SchedulerEventIDs.finished(snapshot.request.requestId), .finished(event))],
                    topic: eventsTopic, key: snapshot.request.requestId, at: now, connection)
            }
            return snapshots
        }
    }
}
