import Foundation
import Messages
import Postgres

/// Deliveries in `notifier.deliveries` / `notifier.attempts`; generations read from `gateway.generations`.
struct PostgresDeliveryStore: DeliveryStore {
    /// The notifier's database (its own schema plus read access to `gateway.generations`).
    let pool: PostgresPool
    /// This process's name in `claimed_by`.
    let instance: String
    /// How long a claim lasts without renewal.
    let lease: Duration

    private var leaseSeconds: Double { lease.seconds }

    /// Inserts with `ON CONFLICT DO NOTHING`: a redelivered event finds the row.
    func insert(_ delivery: Delivery) async throws -> Bool {
        let inserted = try await pool.execute(
            """
            INSERT INTO notifier.deliveries (id, request_id, kind, url, kudos, state, claimed_by, lease_until, created_at)
            VALUES (\(delivery.id), \(delivery.requestId), \(delivery.kind.rawValue), \(delivery.url),
                    \(delivery.kudos), 'pending', \(instance), now() + \(leaseSeconds) * interval '1 second',
                    \(delivery.createdAt))
            ON CONFLICT (id) DO NOTHING
            """)
        return inserted == 1
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

    /// Counts the attempt and stores it in one statement.
    func recordAttempt(_ id: UUID, _ attempt: DeliveryAttempt, retryAfter: Duration?) async throws -> Bool {
        // One statement: the count, the schedule and the attempt row change together, and only under this
        // instance's lease. A scheduled retry sets the lease to end when the retry is due: the sweep of whichever
        // instance runs then claims it, which is also how the schedule survives a restart.
        let durationMilliseconds = Int(attempt.duration.milliseconds)
        let holdSeconds = retryAfter.map(\.seconds) ?? leaseSeconds
        let retrySeconds = retryAfter.map(\.seconds) ?? 0
        return try await pool.execute(
            """
            WITH counted AS (
                UPDATE notifier.deliveries
                SET attempts = attempts + 1, last_status = coalesce(\(attempt.status), last_status),
                    last_error = \(attempt.error), lease_until = now() + \(holdSeconds) * interval '1 second',
                    next_attempt_at = now() + \(retrySeconds) * interval '1 second'
                WHERE id = \(id) AND state = 'pending' AND claimed_by = \(instance)
                RETURNING id, attempts)
            INSERT INTO notifier.attempts (delivery_id, attempt, status, error, duration_ms)
            SELECT id, attempts, \(attempt.status), \(attempt.error), \(durationMilliseconds) FROM counted
            ON CONFLICT (delivery_id, attempt) DO NOTHING
            """) == 1
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

    /// Sets `outcome_published`.
    func markPublished(_ id: UUID) async throws {
        try await pool.execute("UPDATE notifier.deliveries SET outcome_published = true WHERE id = \(id)")
    }

    /// Reads the generation the gateway stored at submit time.
    func generation(jobId: UUID) async throws -> GenerationRecord? {
        let rows = try await pool.query(
            """
            SELECT job_id, request_id, kind, worker_id, worker_name, model, seed, state, result,
                   gen_metadata::text AS gen_metadata
            FROM gateway.generations WHERE job_id = \(jobId)
            """)
        guard let row = rows.first else { return nil }
        let metadataText = try row.decode("gen_metadata", as: String?.self)
        let metadata = metadataText.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
        return GenerationRecord(
            jobId: try row.decode("job_id", as: UUID.self),
            requestId: try row.decode("request_id", as: UUID.self),
            kind: RequestKind(rawValue: try row.decode("kind", as: String.self)) ?? .image,
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
            kind: RequestKind(rawValue: try row.decode("kind", as: String.self)) ?? .image,
            url: try row.decode("url", as: String.self),
            kudos: try row.decode("kudos", as: Double.self),
            state: Delivery.State(rawValue: try row.decode("state", as: String.self)) ?? .pending,
            attempts: try row.decode("attempts", as: Int.self),
            lastStatus: try row.decode("last_status", as: Int?.self),
            createdAt: try row.decode("created_at", as: Date.self))
    }
}
