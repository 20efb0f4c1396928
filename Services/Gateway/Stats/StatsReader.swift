import Foundation
import Messages
import Postgres
import Synchronization

/// Reads the running statistics (index ranges over a few hundred bucket rows at most) and keeps each answer
/// for `reuseFor`, as the reference caches its stats: the figures move slowly and nobody needs them fresher.
final class StatsReader: Sendable {
    private let pool: PostgresPool
    private let memo = Mutex<[String: (value: any Sendable, at: ContinuousClock.Instant)]>([:])
    /// How long an answer is reused.
    let reuseFor: Duration

    /// A reader over `pool`.
    init(pool: PostgresPool, reuseFor: Duration = .seconds(10)) {
        self.pool = pool
        self.reuseFor = reuseFor
    }

    /// Totals of one kind over every period.
    func totals(_ kind: RequestKind, now: Date = Date()) async throws -> StatsFigures {
        try await remembered("totals:\(kind.rawValue)") {
            var figures = StatsFigures()
            let recent = try await self.pool.query(
                """
                SELECT coalesce(sum(jobs) FILTER (WHERE bucket >= \(now.addingTimeInterval(-60))), 0)::bigint AS minute_jobs,
                       coalesce(sum(things) FILTER (WHERE bucket >= \(now.addingTimeInterval(-60))), 0) AS minute_things,
                       coalesce(sum(jobs), 0)::bigint AS hour_jobs, coalesce(sum(things), 0) AS hour_things
                FROM gateway.stats_recent WHERE kind = \(kind.rawValue) AND bucket >= \(now.addingTimeInterval(-3600))
                """)
            let hourly = try await self.pool.query(
                """
                SELECT coalesce(sum(jobs) FILTER (WHERE bucket >= \(now.addingTimeInterval(-86_400))), 0)::bigint AS day_jobs,
                       coalesce(sum(things) FILTER (WHERE bucket >= \(now.addingTimeInterval(-86_400))), 0) AS day_things,
                       coalesce(sum(jobs), 0)::bigint AS month_jobs, coalesce(sum(things), 0) AS month_things
                FROM gateway.stats_hourly
                WHERE kind = \(kind.rawValue) AND bucket >= \(now.addingTimeInterval(-30 * 86_400))
                """)
            let total = try await self.pool.query(
                """
                SELECT coalesce(sum(jobs), 0)::bigint AS jobs, coalesce(sum(things), 0) AS things
                FROM gateway.stats_totals WHERE kind = \(kind.rawValue)
                """)
            if let row = recent.first {
                figures.minute = .init(jobs: row["minute_jobs"].int ?? 0, things: row["minute_things"].double ?? 0)
                figures.hour = .init(jobs: row["hour_jobs"].int ?? 0, things: row["hour_things"].double ?? 0)
            }
            if let row = hourly.first {
                figures.day = .init(jobs: row["day_jobs"].int ?? 0, things: row["day_things"].double ?? 0)
                figures.month = .init(jobs: row["month_jobs"].int ?? 0, things: row["month_things"].double ?? 0)
            }
            if let row = total.first {
                figures.total = .init(jobs: row["jobs"].int ?? 0, things: row["things"].double ?? 0)
            }
            return figures
        }
    }

    /// Jobs per model of one kind over the last day, the last 30 days and in total.
    func models(_ kind: RequestKind, now: Date = Date()) async throws -> ImgModelStats {
        try await remembered("models:\(kind.rawValue)") {
            var stats = ImgModelStats()
            let hourly = try await self.pool.query(
                """
                SELECT model,
                       coalesce(sum(jobs) FILTER (WHERE bucket >= \(now.addingTimeInterval(-86_400))), 0)::bigint AS day,
                       sum(jobs)::bigint AS month
                FROM gateway.stats_hourly
                WHERE kind = \(kind.rawValue) AND bucket >= \(now.addingTimeInterval(-30 * 86_400))
                GROUP BY model
                """)
            for row in hourly {
                guard let model = row["model"].string else { continue }
                if let day = row["day"].int, day > 0 { stats.day[model] = day }
                stats.month[model] = row["month"].int ?? 0
            }
            let totals = try await self.pool.query(
                "SELECT model, jobs FROM gateway.stats_totals WHERE kind = \(kind.rawValue)")
            for row in totals {
                guard let model = row["model"].string else { continue }
                stats.total[model] = row["jobs"].int ?? 0
            }
            return stats
        }
    }

    /// Pixelsteps and tokens generated in the last minute (for `status/performance`); zero when unavailable.
    func pastMinute() async -> (pixelsteps: Double, tokens: Double) {
        let image = try? await totals(.image)
        let text = try? await totals(.text)
        return (image?.minute.things ?? 0, text?.minute.things ?? 0)
    }

    private func remembered<T: Sendable>(_ key: String, _ load: @Sendable () async throws -> T) async throws -> T {
        let now = ContinuousClock.now
        if let entry = memo.withLock({ $0[key] }), now - entry.at < reuseFor, let value = entry.value as? T {
            return value
        }
        let value = try await load()
        memo.withLock { $0[key] = (value, now) }
        return value
    }
}
