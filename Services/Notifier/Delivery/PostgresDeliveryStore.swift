import Foundation
import Messages
import Postgres

/// Deliveries in `notifier.deliveries` / `notifier.attempts`; generations read from `gateway.generations`.
///
/// The writes and reads every delivery makes (insert, generation lookup, the attempt and its outcome, the
/// published mark) go through `StatementBatcher`s: deliveries running at the same time share one multi-row
/// statement per step instead of a round trip each. Each row keeps its own lease check, so batching changes
/// how many statements run, not what each delivery may write.
struct PostgresDeliveryStore: DeliveryStore {
    /// The notifier's database (its own schema plus read access to `gateway.generations`).
    let pool: PostgresPool
    /// This process's name in `claimed_by`.
    let instance: String
    /// How long a claim lasts without renewal.
    let lease: Duration

    private let inserts: StatementBatcher<Delivery, Delivery?>
    private let lookups: StatementBatcher<UUID, GenerationRecord?>
    private let attempts: StatementBatcher<AttemptWrite, Bool>
    private let publications: StatementBatcher<UUID, Void>

    /// A store over `pool` whose claims are named `instance` and last `lease`.
    init(pool: PostgresPool, instance: String, lease: Duration) {
        self.pool = pool
        self.instance = instance
        self.lease = lease
        let leaseSeconds = lease.seconds
        inserts = StatementBatcher { try await Self.insertAll($0, pool: pool, instance: instance, leaseSeconds: leaseSeconds) }
        lookups = StatementBatcher { try await Self.generations($0, pool: pool) }
        attempts = StatementBatcher { try await Self.recordAll($0, pool: pool, instance: instance) }
        publications = StatementBatcher { ids in
            try await pool.execute("UPDATE notifier.deliveries SET outcome_published = true WHERE id = ANY(\(ids))")
            return ids.map { _ in () }
        }
    }

    private var leaseSeconds: Double { lease.seconds }

    /// Inserts with `ON CONFLICT DO NOTHING`: a redelivered event finds the row.
    func insert(_ delivery: Delivery) async throws -> Bool {
        try await inserts.run(delivery) != nil
    }

    /// Inserts, and reads the generation in the same statement when its result is small enough to hold in the
    /// queue (texts, interrogation results); images are read when the delivery runs.
    func insertClaiming(_ delivery: Delivery) async throws -> Delivery? {
        try await inserts.run(delivery)
    }

    /// Generations with a result up to this many bytes come back with the insert.
    private static let prefetchLimit = 65536

    /// One multi-row insert; for each delivery that was new, the delivery (with its small generation attached).
    /// A job listed twice is new only once.
    private static func insertAll(_ deliveries: [Delivery], pool: PostgresPool, instance: String, leaseSeconds: Double)
        async throws -> [Delivery?]
    {
        var firstIndex: [UUID: Int] = [:]
        for (index, delivery) in deliveries.enumerated() where firstIndex[delivery.id] == nil {
            firstIndex[delivery.id] = index
        }
        let unique = deliveries.enumerated().filter { firstIndex[$0.element.id] == $0.offset }.map(\.element)
        let rows = try await pool.query(
            """
            WITH inserted AS (
                INSERT INTO notifier.deliveries (id, request_id, kind, url, kudos, state, claimed_by, lease_until,
                    created_at)
                SELECT i.id, i.request_id, i.kind, i.url, i.kudos::float8, 'pending', \(instance),
                       now() + \(leaseSeconds) * interval '1 second', to_timestamp(i.created::float8)
                FROM unnest(\(unique.map(\.id))::uuid[], \(unique.map(\.requestId))::uuid[],
                            \(unique.map(\.kind.rawValue))::text[], \(unique.map(\.url))::text[],
                            \(unique.map { String($0.kudos) })::text[],
                            \(unique.map { String($0.createdAt.timeIntervalSince1970) })::text[])
                    AS i(id, request_id, kind, url, kudos, created)
                ON CONFLICT (id) DO NOTHING
                RETURNING id)
            SELECT inserted.id AS inserted_id, g.job_id, g.request_id, g.kind, g.worker_id, g.worker_name, g.model,
                   g.seed, g.state, g.result, g.gen_metadata::text AS gen_metadata
            FROM inserted LEFT JOIN gateway.generations g
                ON g.job_id = inserted.id AND octet_length(g.result) <= \(Self.prefetchLimit)
            """)
        var inserted: [UUID: GenerationRecord?] = [:]
        for row in rows {
            let id = try row.decode("inserted_id", as: UUID.self)
            let hasGeneration = try row.decode("job_id", as: UUID?.self) != nil
            let generation: GenerationRecord? = hasGeneration ? try generation(from: row) : nil
            inserted.updateValue(generation, forKey: id)
        }
        return deliveries.enumerated().map { index, delivery in
            guard firstIndex[delivery.id] == index, let generation = inserted[delivery.id] else { return nil }
            var result = delivery
            result.generation = generation
            return result
        }
    }

    /// Claims with `FOR UPDATE SKIP LOCKED`, so concurrent sweeps of two replicas take different rows.
    func claimAbandoned(limit: Int) async throws -> [Delivery] {
        let leasedAt = ContinuousClock.now
        let rows = try await pool.query(
            """
            UPDATE notifier.deliveries
            SET claimed_by = \(instance), lease_until = now() + \(leaseSeconds) * interval '1 second'
            WHERE id IN (
                SELECT id FROM notifier.deliveries
                WHERE state = 'pending' AND lease_until < now()
                ORDER BY created_at
                LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING id, request_id, kind, url, kudos, state, attempts, last_status, created_at
            """)
        return try rows.map {
            var delivery = try Self.delivery(from: $0)
            delivery.leasedAt = leasedAt
            return delivery
        }
    }

    /// Extends the lease only while this instance holds it.
    func renewLease(_ id: UUID) async throws -> Bool {
        try await pool.execute(
            """
            UPDATE notifier.deliveries SET lease_until = now() + \(leaseSeconds) * interval '1 second'
            WHERE id = \(id) AND state = 'pending' AND claimed_by = \(instance)
            """) == 1
    }

    /// Counts the attempt and stores it in one statement (shared with other deliveries' attempts).
    func recordAttempt(_ id: UUID, _ attempt: DeliveryAttempt, retryAfter: Duration?) async throws -> Bool {
        // A scheduled retry sets the lease to end when the retry is due: the sweep of whichever instance runs
        // then claims it, which is also how the schedule survives a restart.
        try await attempts.run(
            AttemptWrite(
                id: id, attempt: attempt, finalState: nil, holdSeconds: retryAfter.map(\.seconds) ?? leaseSeconds,
                retrySeconds: retryAfter.map(\.seconds) ?? 0))
    }

    /// Counts the attempt, stores it and finishes the delivery in one statement.
    func recordFinalAttempt(_ id: UUID, _ attempt: DeliveryAttempt, state: Delivery.State) async throws -> Bool {
        try await attempts.run(AttemptWrite(id: id, attempt: attempt, finalState: state, holdSeconds: 0, retrySeconds: 0))
    }

    /// One attempt to record, and what it does to its delivery.
    private struct AttemptWrite: Sendable {
        var id: UUID
        var attempt: DeliveryAttempt
        /// The state the delivery ends in; nil leaves it pending.
        var finalState: Delivery.State?
        /// How long the lease runs from now.
        var holdSeconds: Double
        /// When the next attempt is due, from now.
        var retrySeconds: Double
    }

    /// One statement for many attempts: the count, the schedule, the final state and the attempt row change
    /// together, and only for rows this instance holds the lease on. True for each attempt recorded.
    private static func recordAll(_ writes: [AttemptWrite], pool: PostgresPool, instance: String) async throws -> [Bool] {
        // Arrays cannot carry NULLs here: -1 and '' stand for "no status", "no error" and "stays pending".
        let rows = try await pool.query(
            """
            WITH input AS (
                SELECT * FROM unnest(\(writes.map(\.id))::uuid[], \(writes.map { $0.attempt.status ?? -1 })::int[],
                                     \(writes.map { $0.attempt.error ?? "" })::text[],
                                     \(writes.map { Int($0.attempt.duration.milliseconds) })::int[],
                                     \(writes.map { $0.finalState?.rawValue ?? "" })::text[],
                                     \(writes.map { String($0.holdSeconds) })::text[],
                                     \(writes.map { String($0.retrySeconds) })::text[])
                    AS i(id, status, error, duration_ms, final_state, hold, retry)),
            counted AS (
                UPDATE notifier.deliveries d
                SET attempts = d.attempts + 1, last_status = coalesce(nullif(i.status, -1), d.last_status),
                    last_error = nullif(i.error, ''), state = coalesce(nullif(i.final_state, ''), d.state),
                    finished_at = CASE WHEN i.final_state = '' THEN d.finished_at ELSE now() END,
                    lease_until = now() + i.hold::float8 * interval '1 second',
                    next_attempt_at = CASE WHEN i.final_state = '' THEN now() + i.retry::float8 * interval '1 second'
                                           ELSE d.next_attempt_at END
                FROM input i
                WHERE d.id = i.id AND d.state = 'pending' AND d.claimed_by = \(instance)
                RETURNING d.id, d.attempts, i.status, i.error, i.duration_ms),
            logged AS (
                INSERT INTO notifier.attempts (delivery_id, attempt, status, error, duration_ms)
                SELECT id, attempts, nullif(status, -1), nullif(error, ''), duration_ms FROM counted
                ON CONFLICT (delivery_id, attempt) DO NOTHING)
            SELECT id FROM counted
            """)
        let recorded = Set(try rows.map { try $0.decode("id", as: UUID.self) })
        return writes.map { recorded.contains($0.id) }
    }

    /// The earliest `lease_until` of a pending delivery (served by the partial pending index).
    func nextDue() async throws -> Date? {
        let rows = try await pool.query(
            "SELECT min(lease_until) AS due FROM notifier.deliveries WHERE state = 'pending'")
        return try rows.first?.decode("due", as: Date?.self)
    }

    /// Counted over the partial pending index.
    func pendingCount() async throws -> Int {
        let rows = try await pool.query("SELECT count(*)::int AS n FROM notifier.deliveries WHERE state = 'pending'")
        return try rows.first?.decode("n", as: Int.self) ?? 0
    }

    /// Finishes only under this instance's lease.
    func finish(_ id: UUID, state: Delivery.State, lastStatus: Int?, error: String?) async throws -> Bool {
        try await pool.execute(
            """
            UPDATE notifier.deliveries
            SET state = \(state.rawValue), last_status = coalesce(\(lastStatus), last_status), last_error = \(error),
                finished_at = now(), lease_until = now()
            WHERE id = \(id) AND state = 'pending' AND claimed_by = \(instance)
            """) == 1
    }

    /// Oldest first.
    func unpublishedOutcomes(limit: Int) async throws -> [Delivery] {
        let rows = try await pool.query(
            """
            SELECT id, request_id, kind, url, kudos, state, attempts, last_status, created_at FROM notifier.deliveries
            WHERE state <> 'pending' AND NOT outcome_published
            ORDER BY finished_at
            LIMIT \(limit)
            """)
        return try rows.map(Self.delivery(from:))
    }

    /// Sets `outcome_published` in the background (in one statement with other deliveries' marks), so the
    /// delivery's slot is free at once. A mark lost to a crash or an error only means the sweep announces the
    /// outcome again, under the same event id.
    func markPublished(_ id: UUID) async throws {
        publications.submit(id)
    }

    /// Reads the generation the gateway stored at submit time.
    func generation(jobId: UUID) async throws -> GenerationRecord? {
        try await lookups.run(jobId)
    }

    /// One lookup for many jobs; nil for each job without a generation.
    private static func generations(_ jobIds: [UUID], pool: PostgresPool) async throws -> [GenerationRecord?] {
        let rows = try await pool.query(
            """
            SELECT job_id, request_id, kind, worker_id, worker_name, model, seed, state, result,
                   gen_metadata::text AS gen_metadata
            FROM gateway.generations WHERE job_id = ANY(\(jobIds))
            """)
        var found: [UUID: GenerationRecord] = [:]
        for row in rows {
            let record = try generation(from: row)
            found[record.jobId] = record
        }
        return jobIds.map { found[$0] }
    }

    private static func generation(from row: PostgresRow) throws -> GenerationRecord {
        let metadataText = try row.decode("gen_metadata", as: String?.self)
        let metadata = metadataText.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        return GenerationRecord(
            jobId: try row.decode("job_id", as: UUID.self),
            requestId: try row.decode("request_id", as: UUID.self),
            kind: WebhookForm(stored: try row.decode("kind", as: String?.self) ?? ""),
            workerId: try row.decode("worker_id", as: UUID?.self),
            workerName: try row.decode("worker_name", as: String?.self) ?? "",
            model: try row.decode("model", as: String?.self) ?? "",
            seed: try row.decode("seed", as: String?.self),
            state: try row.decode("state", as: String?.self) ?? "ok",
            result: try row.decode("result", as: String?.self) ?? "",
            genMetadata: metadata ?? .array([]))
    }

    private static func delivery(from row: PostgresRow) throws -> Delivery {
        Delivery(
            id: try row.decode("id", as: UUID.self),
            requestId: try row.decode("request_id", as: UUID.self),
            kind: WebhookForm(stored: try row.decode("kind", as: String.self)),
            url: try row.decode("url", as: String.self),
            kudos: try row.decode("kudos", as: Double.self),
            state: Delivery.State(rawValue: try row.decode("state", as: String.self)) ?? .pending,
            attempts: try row.decode("attempts", as: Int.self),
            lastStatus: try row.decode("last_status", as: Int?.self),
            createdAt: try row.decode("created_at", as: Date.self))
    }
}
