import Foundation
import Messages
import Postgres

/// Adds delivered jobs to the running statistics: one statement per job bumps its 10-second bucket, its hour
/// bucket and the all-time total of its model, and remembers the job id so a redelivered event counts once.
struct StatsRecorder: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// How long job ids are remembered against redelivery; `prune` forgets older ones.
    static let dedupWindow: TimeInterval = 86_400
    /// How long 10-second buckets are kept (they answer the minute and hour figures).
    static let recentKept: TimeInterval = 7_200
    /// How long hour buckets are kept (they answer the day and month figures).
    static let hourlyKept: TimeInterval = 32 * 86_400

    /// Counts one delivered job (image or text; `things` = pixelsteps or tokens). Returns false when the job was
    /// already counted.
    @discardableResult
    func record(jobId: UUID, kind: RequestKind, model: String, things: Double, at: Date) async throws -> Bool {
        let recent = Self.bucket(at, seconds: 10)
        let hour = Self.bucket(at, seconds: 3600)
        let rows = try await pool.query(
            """
            WITH fresh AS (
                INSERT INTO gateway.stats_seen (job_id) VALUES (\(jobId)) ON CONFLICT DO NOTHING RETURNING job_id
            ), recent AS (
                INSERT INTO gateway.stats_recent AS s (kind, bucket, model, jobs, things)
                SELECT \(kind.rawValue), \(recent), \(model), 1, \(things) FROM fresh
                ON CONFLICT (kind, bucket, model) DO UPDATE SET jobs = s.jobs + 1, things = s.things + EXCLUDED.things
            ), hourly AS (
                INSERT INTO gateway.stats_hourly AS s (kind, bucket, model, jobs, things)
                SELECT \(kind.rawValue), \(hour), \(model), 1, \(things) FROM fresh
                ON CONFLICT (kind, bucket, model) DO UPDATE SET jobs = s.jobs + 1, things = s.things + EXCLUDED.things
            ), total AS (
                INSERT INTO gateway.stats_totals AS s (kind, model, jobs, things)
                SELECT \(kind.rawValue), \(model), 1, \(things) FROM fresh
                ON CONFLICT (kind, model) DO UPDATE SET jobs = s.jobs + 1, things = s.things + EXCLUDED.things
            )
            SELECT count(*) AS counted FROM fresh
            """)
        return (try rows.first?.decode("counted", as: Int.self) ?? 0) > 0
    }

    /// Drops buckets and remembered ids that no figure reads any more (each delete walks an index range).
    func prune(now: Date = Date()) async throws {
        _ = try await pool.execute(
            "DELETE FROM gateway.stats_recent WHERE bucket < \(now.addingTimeInterval(-Self.recentKept))")
        _ = try await pool.execute(
            "DELETE FROM gateway.stats_hourly WHERE bucket < \(now.addingTimeInterval(-Self.hourlyKept))")
        _ = try await pool.execute(
            "DELETE FROM gateway.stats_seen WHERE seen_at < \(now.addingTimeInterval(-Self.dedupWindow))")
    }

    /// The start of the `seconds`-long bucket holding `date`.
    static func bucket(_ date: Date, seconds: Double) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / seconds).rounded(.down) * seconds)
    }
}
