import Domain
import Foundation
import HordeCore
import Messages
import Postgres

/// The scheduler's queue in Postgres: the source of truth the in-memory index is rebuilt from. Every change of a
/// request bumps its `version`, which the index uses to ignore late, older states.
struct SchedulerStore: Sendable {
    /// The scheduler's Postgres pool.
    let pool: PostgresPool
    /// Requests as queued, so settlements need not decode their stored JSON.
    let requestCache = RequestCreatedCache()

    /// The columns `snapshot(_:prefix:)` reads, as a select list.
    static let requestColumns = requestColumns(of: nil)

    /// `requestColumns`, each qualified with a table alias (for `UPDATE … FROM` statements).
    static func requestColumns(of alias: String?) -> String {
        requestColumnNames.map { column in alias.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }

    /// The columns `snapshot(_:prefix:)` reads.
    static let requestColumnNames = [
        "created", "state", "n_waiting", "faults", "version", "cancelled_at", "finished_at", "kafka_partition",
    ]

    /// Queues a request, idempotently: a redelivered command finds the row already there and gets its current
    /// state back (`inserted` false).
    func insertRequest(_ created: RequestCreated, partition: Int? = nil) async throws
        -> (snapshot: RequestSnapshot, inserted: Bool)
    {
        let json = try PostgresJSON(encoding: created, encoder: WireCoding.encoder())
        requestCache.remember(CollectionOfOne(created))
        let rows = try await pool.query(
            """
            WITH inserted AS (
                INSERT INTO scheduler.requests
                    (id, kind, user_id, state, n_total, n_waiting, faults, created, priority, created_at, expires_at,
                    kafka_partition)
                VALUES (\(created.requestId), \(created.kind.rawValue), \(created.userId), 'waiting', \(created.n),
                    \(created.n), 0, \(json), \(created.priority), \(created.createdAt), \(created.expiresAt),
                    \(partition))
                ON CONFLICT (id) DO NOTHING
                RETURNING \(unsafeSQL: Self.requestColumns), true AS inserted
            )
            SELECT * FROM inserted
            UNION ALL
            SELECT \(unsafeSQL: Self.requestColumns), false AS inserted FROM scheduler.requests
            WHERE id = \(created.requestId) AND NOT EXISTS (SELECT 1 FROM inserted)
            """)
        guard let row = rows.first else {
            throw SchedulerStoreError.corruptRow("request \(created.requestId) vanished")
        }
        return (try Self.snapshot(row), try row.decode("inserted", as: Bool.self))
    }

    /// Every request that still hands out jobs: the index at start-up.
    func loadWaiting() async throws -> [QueuedRequest] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.requestColumns), \(unsafeSQL: FakeJobStore.trickedWorkersColumn)
            FROM scheduler.requests WHERE state = 'waiting' AND n_waiting > 0
            """)
        return try rows.map(FakeJobStore.queued)
    }

    /// The waiting requests that arrived on `partitions` of the requests topic (an instance was assigned them).
    func loadWaiting(partitions: [Int]) async throws -> [QueuedRequest] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.requestColumns), \(unsafeSQL: FakeJobStore.trickedWorkersColumn)
            FROM scheduler.requests
            WHERE state = 'waiting' AND n_waiting > 0 AND kafka_partition = ANY(\(partitions)::int[])
            """)
        return try rows.map(FakeJobStore.queued)
    }

    /// The current state of one request, if it exists.
    func request(_ id: UUID) async throws -> RequestSnapshot? {
        let rows = try await pool.query(
            "SELECT \(unsafeSQL: Self.requestColumns) FROM scheduler.requests WHERE id = \(id)")
        return try rows.first.map { try Self.snapshot($0) }
    }

    /// Hands out up to `plan.wanted` jobs of one request to one pop: the waiting count drops (never below zero) and
    /// the job rows are inserted with ids derived from the pop, so a replayed pop can never create jobs twice (it
    /// gets `.replay` instead). Usually one statement, taking effect only while the request still has the waiting
    /// count the index showed (so the seed and the job count are known up front); when the row moved on, a
    /// transaction locks it, reads the current count and runs the same statement.
    func claim(_ plan: ClaimPlan) async throws -> ClaimResult {
        do {
            if let expected = plan.expectedWaiting, expected > 0,
                let claimed = try await Self.claim(plan, expected: expected, on: { try await pool.query($0) })
            {
                return claimed
            }
            return try await pool.withTransaction { connection in
                let current = try await connection.query(
                    """
                    SELECT n_waiting FROM scheduler.requests
                    WHERE id = \(plan.request.requestId) AND state = 'waiting' AND n_waiting > 0
                    FOR UPDATE
                    """)
                if let row = current.first,
                    let claimed = try await Self.claim(
                        plan, expected: try row.decode("n_waiting", as: Int.self),
                        on: { try await connection.query($0) })
                {
                    return claimed
                }
                let snapshot = try await connection.query(
                    """
                    SELECT \(unsafeSQL: Self.requestColumns) FROM scheduler.requests
                    WHERE id = \(plan.request.requestId)
                    """)
                return .unavailable(try snapshot.first.map { try Self.snapshot($0) })
            }
        } catch let error as PostgresError where error.isUniqueViolation {
            return .replay
        }
    }

    /// The claim statement for a request with `expected` waiting jobs, run by `query`; nil when the row no longer
    /// has that count (or is no longer waiting).
    private static func claim(
        _ plan: ClaimPlan, expected: Int, on query: (PostgresQuery) async throws -> [PostgresRow]
    ) async throws -> ClaimResult? {
        let taken = min(plan.wanted, expected)
        guard taken > 0 else { return nil }
        let seed: String? =
            plan.request.kind == .image
            ? String(SeedRules.popSeed(payload: plan.request.payload, waiting: expected)) : nil
        let jobIds = (0..<taken).map { SchedulerEventIDs.job(pop: plan.popId, index: $0) }
        let worker = plan.worker
        let rows = try await query(
            """
            WITH claimed AS (
                UPDATE scheduler.requests
                SET n_waiting = n_waiting - \(taken), version = version + 1,
                    expires_at = GREATEST(expires_at, \(plan.extendedExpiry))
                WHERE id = \(plan.request.requestId) AND state = 'waiting' AND n_waiting = \(expected)
                RETURNING n_waiting AS remaining, version
            ), jobs AS (
                INSERT INTO scheduler.jobs (id, request_id, kind, worker_id, worker_name, worker_owner_id,
                    worker_owner_trusted, bridge_agent, model, batch_index, state, seed, pop_id, started_at,
                    deadline_at)
                SELECT job.id, \(plan.request.requestId), \(plan.request.kind.rawValue), \(worker.workerId),
                    \(worker.name), \(worker.ownerId), \(worker.ownerTrusted), \(worker.bridgeAgent),
                    \(plan.model), (job.ordinal - 1)::int, 'processing', \(seed), \(plan.popId), \(plan.now),
                    \(plan.deadline)
                FROM claimed, unnest(\(jobIds)::uuid[]) WITH ORDINALITY AS job(id, ordinal)
                RETURNING 1
            )
            SELECT remaining, version, (SELECT count(*) FROM jobs) AS created FROM claimed
            """)
        guard let row = rows.first else { return nil }
        return .claimed(
            ClaimedJobs(
                jobIds: jobIds, seed: seed, remaining: try row.decode("remaining", as: Int.self),
                version: try row.decode("version", as: Int64.self), startedAt: plan.now))
    }

    /// The jobs a pop already created (a replayed pop), with their request, to answer it again identically.
    func jobs(ofPop popId: UUID) async throws -> (jobs: [JobRow], request: RequestSnapshot)? {
        let ids = SchedulerEventIDs.possibleJobs(pop: popId)
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: JobRow.columns) FROM scheduler.jobs WHERE id = ANY(\(ids)::uuid[])
            ORDER BY batch_index
            """)
        let jobs = try rows.map(JobRow.init(row:))
        guard let first = jobs.first, let request = try await request(first.requestId) else { return nil }
        return (jobs, request)
    }

    /// Cancels a request: no more jobs are handed out; it finishes (`cancelled`) at once when nothing is in
    /// flight, otherwise when the last in-flight job lands. Nil for an unknown request.
    func cancel(_ requestId: UUID, at date: Date) async throws -> RequestSnapshot? {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                UPDATE scheduler.requests
                SET n_waiting = 0, cancelled_at = COALESCE(cancelled_at, \(date)), version = version + 1
                WHERE id = \(requestId) AND state = 'waiting'
                RETURNING id
                """)
            if !rows.isEmpty {
                let inFlight = try await Self.inFlight(requestId, connection)
                if inFlight == 0 {
                    try await connection.execute(
                        """
                        UPDATE scheduler.requests SET state = 'cancelled', finished_at = \(date)
                        WHERE id = \(requestId)
                        """)
                }
            }
            let current = try await connection.query(
                "SELECT \(unsafeSQL: Self.requestColumns) FROM scheduler.requests WHERE id = \(requestId)")
            return try current.first.map { try Self.snapshot($0) }
        }
    }

    /// Settles a submitted job in one transaction (see `SubmissionSettler`).
    func settle(_ submission: JobSubmitted, faultLimit: Int, extendedExpiry: Date, now: Date) async throws
        -> SettleOutcome
    {
        try await pool.withTransaction { connection in
            try await SubmissionSettler(
                connection: connection, faultLimit: faultLimit, extendedExpiry: extendedExpiry, now: now
            ).settle(submission)
        }
    }

    /// Jobs of `requestId` still being worked on.
    static func inFlight(_ requestId: UUID, _ connection: PostgresConnection) async throws -> Int {
        let rows = try await connection.query(
            "SELECT count(*) AS n FROM scheduler.jobs WHERE request_id = \(requestId) AND state = 'processing'")
        return try rows.first?.decode("n", as: Int.self) ?? 0
    }

    /// Reads a `requestColumns` row.
    static func snapshot(_ row: PostgresRow, prefix: String = "") throws -> RequestSnapshot {
        let created = try row.decode(prefix + "created", as: PostgresJSON.self).storedRequest
        return try snapshot(row, request: created, prefix: prefix)
    }

    /// Reads a `requestColumns` row whose request is already known (its `created` column is not read).
    static func snapshot(_ row: PostgresRow, request created: RequestCreated, prefix: String = "") throws
        -> RequestSnapshot
    {
        RequestSnapshot(
            request: created, state: try row.decode(prefix + "state", as: String.self),
            waiting: try row.decode(prefix + "n_waiting", as: Int.self),
            faults: try row.decode(prefix + "faults", as: Int.self),
            version: try row.decode(prefix + "version", as: Int64.self),
            cancelledAt: try row.decode(prefix + "cancelled_at", as: Date?.self),
            finishedAt: try row.decode(prefix + "finished_at", as: Date?.self),
            partition: try row.decode(prefix + "kafka_partition", as: Int?.self))
    }
}

/// What one pop asks of one request.
struct ClaimPlan: Sendable {
    /// The pop (job ids derive from it).
    var popId: UUID
    /// The request to take jobs from.
    var request: RequestCreated
    /// The popping worker.
    var worker: WorkerProfile
    /// The most jobs this pop takes (fewer when fewer wait).
    var wanted: Int
    /// The model recorded for the jobs.
    var model: String
    /// The pop time.
    var now: Date
    /// When the jobs time out.
    var deadline: Date
    /// The request lives at least until then.
    var extendedExpiry: Date
    /// The waiting count the index showed: when the row still has it, the claim takes one statement.
    var expectedWaiting: Int? = nil
}

/// Jobs a claim created.
struct ClaimedJobs: Sendable {
    /// The jobs created.
    var jobIds: [UUID]
    /// The seed handed out (images).
    var seed: String?
    /// Jobs still waiting after this claim.
    var remaining: Int
    /// The request's row version after this claim.
    var version: Int64
    /// When the jobs started.
    var startedAt: Date
}

/// How a claim ended.
enum ClaimResult: Sendable {
    /// Jobs were created.
    case claimed(ClaimedJobs)
    /// Nothing left to hand out; the request's current state (nil if it no longer exists), for the index.
    case unavailable(RequestSnapshot?)
    /// This pop already created its jobs: answer it again from the database.
    case replay
}

extension PostgresJSON {
    /// The request a `created` column holds, as the gateway sent it.
    var storedRequest: RequestCreated {
        get throws { try WireCoding.decode(value: RequestCreated.self, from: Array(rawJSON.utf8)) }
    }
}
