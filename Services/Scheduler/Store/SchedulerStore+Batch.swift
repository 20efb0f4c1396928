import Foundation
import Messages
import Postgres

extension SchedulerStore {
    /// Settles several submissions in one transaction, in the given order, so a batch pays for a handful of
    /// statements and one commit instead of several statements per job. Each settles exactly as
    /// `settle(_:faultLimit:extendedExpiry:now:)` would (`BatchSettlement`): the requests are locked in id order
    /// (so two batches, pops and the sweep can't deadlock), their jobs and in-flight counts read after the locks,
    /// the batch settled in memory and written back with one statement for the jobs and one for the requests. The
    /// submissions are taken in request order; any error rolls the whole batch back, and the caller settles its
    /// submissions one by one instead.
    func settle(batch submissions: [JobSubmitted], faultLimit: Int, extendedExpiry: Date, now: Date) async throws
        -> [SettleOutcome]
    {
        guard !submissions.isEmpty else { return [] }
        let order = submissions.indices.sorted { left, right in
            let a = submissions[left].requestId.uuidString
            let b = submissions[right].requestId.uuidString
            return a == b ? left < right : a < b
        }
        let jobIds = Array(Set(submissions.map(\.jobId)))
        let cache = requestCache
        return try await pool.withTransaction { connection in
            let locked = try await connection.query(
                """
                SELECT id, \(unsafeSQL: Self.requestColumns) FROM scheduler.requests
                WHERE id IN (SELECT request_id FROM scheduler.jobs WHERE id = ANY(\(jobIds)::uuid[]))
                ORDER BY id
                FOR UPDATE
                """)
            // Read after the locks: no pop, sweep or settlement can change these requests' jobs any more.
            let jobRows = try await connection.query(
                """
                SELECT \(unsafeSQL: JobRow.columns(of: "j")),
                    (SELECT count(*) FROM scheduler.jobs p WHERE p.request_id = j.request_id AND p.state = 'processing')
                        AS in_flight
                FROM scheduler.jobs j WHERE j.id = ANY(\(jobIds)::uuid[])
                """)
            var inFlight: [UUID: Int] = [:]
            let jobs = try jobRows.map { row in
                let job = try JobRow(row: row)
                inFlight[job.requestId] = try row.decode("in_flight", as: Int.self)
                return job
            }
            var decoded: [RequestCreated] = []
            let requests = try locked.map { row in
                let id = try row.decode("id", as: UUID.self)
                let created: RequestCreated
                if let cached = cache.request(id) {
                    created = cached
                } else {
                    created = try row.decode("created", as: PostgresJSON.self).storedRequest
                    decoded.append(created)
                }
                return BatchSettlement.LockedRequest(
                    snapshot: try Self.snapshot(row, request: created), inFlight: inFlight[id] ?? 0)
            }
            cache.remember(decoded)

            var fold = BatchSettlement(
                jobs: jobs, requests: requests, faultLimit: faultLimit, now: now.postgresPrecision)
            var outcomes = [SettleOutcome?](repeating: nil, count: submissions.count)
            for index in order {
                outcomes[index] = fold.settle(submissions[index])
            }
            try await Self.write(fold, extendedExpiry: extendedExpiry, now: now, connection)
            return outcomes.map { $0 ?? .ignored(.unknownJob) }
        }
    }

    /// Writes what `fold` settled: the jobs, then their requests. Under the locks every row must take the change;
    /// one that does not means the rows moved in a way the fold did not see, and the batch rolls back.
    private static func write(
        _ fold: BatchSettlement, extendedExpiry: Date, now: Date, _ connection: PostgresConnection
    ) async throws {
        let jobs = fold.settledJobs.compactMap { fold.jobs[$0] }
        guard !jobs.isEmpty else { return }
        let updatedJobs = try await connection.execute(
            """
            UPDATE scheduler.jobs j
            SET state = u.state, outcome = u.outcome, finished_at = \(now), cost = u.cost, reward = u.reward,
                reward_before_bridge = u.reward_before_bridge, things = u.things,
                seed = COALESCE(j.seed, NULLIF(u.seed, '')), finished_request = u.finished_request = 1
            FROM unnest(
                \(jobs.map(\.id))::uuid[], \(jobs.map(\.state))::text[], \(jobs.map { $0.outcome?.rawValue ?? "" })::text[],
                \(jobs.map { $0.cost ?? 0 })::float8[], \(jobs.map { $0.reward ?? 0 })::float8[],
                \(jobs.map { $0.rewardBeforeBridge ?? 0 })::float8[], \(jobs.map { $0.things ?? 0 })::float8[],
                \(jobs.map { $0.seed ?? "" })::text[], \(jobs.map { $0.finishedRequest ? 1 : 0 })::int[]
            ) AS u(id, state, outcome, cost, reward, reward_before_bridge, things, seed, finished_request)
            WHERE j.id = u.id AND j.state = 'processing'
            """)
        let requests = fold.changedRequests.compactMap { fold.requests[$0]?.snapshot }
        let updatedRequests = try await connection.execute(
            """
            UPDATE scheduler.requests r
            SET state = u.state, n_waiting = u.n_waiting, faults = u.faults, version = u.version,
                finished_at = CASE WHEN u.finished = 1 THEN u.finished_at END, expires_at = GREATEST(r.expires_at, \(extendedExpiry))
            FROM unnest(
                \(requests.map(\.request.requestId))::uuid[], \(requests.map(\.state))::text[],
                \(requests.map(\.waiting))::bigint[], \(requests.map(\.faults))::bigint[],
                \(requests.map(\.version))::bigint[],
                \(requests.map { $0.finishedAt ?? now })::timestamptz[], \(requests.map { $0.finishedAt == nil ? 0 : 1 })::int[]
            ) AS u(id, state, n_waiting, faults, version, finished_at, finished)
            WHERE r.id = u.id
            """)
        guard updatedJobs == jobs.count, updatedRequests == requests.count else {
            throw SchedulerStoreError.corruptRow(
                "batch settlement wrote \(updatedJobs)/\(jobs.count) jobs, \(updatedRequests)/\(requests.count) requests")
        }
    }
}
