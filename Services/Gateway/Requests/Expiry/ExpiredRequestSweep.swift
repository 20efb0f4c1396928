import Foundation
import HordeCore
import Postgres

/// Deletes expired requests with their generations and source images, as the reference bulk-deletes expired
/// prompts every 60 s: their results disappear and their status becomes 404. A request's expiry is its own, or the
/// scheduler's while the scheduler still has the request (every pop and settlement extends that one). Any replica
/// may run it: rows another replica is deleting are skipped.
struct ExpiredRequestSweep: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Requests deleted per statement.
    var batchSize = 500
    /// Statements per sweep at most; what is left waits for the next sweep.
    var maxBatches = 20

    /// Deletes what expired before `now`; returns how many requests went.
    func run(now: Date = Date()) async throws -> Int {
        var deleted = 0
        for _ in 0..<maxBatches {
            let count: Int
            do {
                count = try await deleteBatch(now: now, schedulerKnown: true)
            } catch where error.isUndefinedTable {
                // No scheduler schema in this database (a gateway on its own): the gateway's expiry decides.
                count = try await deleteBatch(now: now, schedulerKnown: false)
            }
            deleted += count
            if count < batchSize { break }
        }
        return deleted
    }

    private func deleteBatch(now: Date, schedulerKnown: Bool) async throws -> Int {
        let rows = try await pool.query(
            """
            WITH doomed AS (
                SELECT r.id FROM gateway.requests r
                WHERE r.expires_at < \(now) AND \(unsafeSQL: schedulerKnown ? Self.schedulerDone : "true")
                ORDER BY r.expires_at LIMIT \(batchSize)
                FOR UPDATE OF r SKIP LOCKED
            ), generations AS (
                DELETE FROM gateway.generations WHERE request_id IN (SELECT id FROM doomed)
            ), sources AS (
                DELETE FROM gateway.request_sources WHERE request_id IN (SELECT id FROM doomed)
            ), requests AS (
                DELETE FROM gateway.requests WHERE id IN (SELECT id FROM doomed) RETURNING 1
            )
            SELECT count(*)::int AS n FROM requests
            """)
        return try rows.first?.decode("n", as: Int.self) ?? 0
    }

    /// No live copy at the scheduler (whose expiry pops and settlements extend). `$1` is the sweep's `now`, the
    /// statement's first parameter.
    private static let schedulerDone =
        "NOT EXISTS (SELECT 1 FROM scheduler.requests s WHERE s.id = r.id AND s.expires_at >= $1)"

    /// The sweep every `interval` until shutdown.
    static func service(pool: PostgresPool, interval: Duration, logger: Logger) -> ClosureService {
        let sweep = ExpiredRequestSweep(pool: pool)
        let deletions = MetricsRegistry.shared.counter(
            "horde_gateway_requests_deleted_total", help: "Expired requests deleted with their generations")
        return RepeatingService.make(
            name: "expired-requests", every: interval, startNow: false, logger: logger,
            failure: "expired request sweep failed"
        ) {
            let deleted = try await sweep.run()
            deletions.increment(by: deleted)
            if deleted > 0 { logger.info("expired requests deleted", ["requests": "\(deleted)"]) }
        }
    }
}
