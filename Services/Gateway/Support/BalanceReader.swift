import Domain
import Foundation
import HordeCore
import Messages
import Postgres
import Redis

/// Reads kudos from the ledger: balances from a one-second in-process memo, then the Redis mirror the ledger writes after each commit
/// (`LedgerCacheKeys`), falling back to the ledger's read model (`ledger.balances`) on a miss or a Redis failure;
/// user summaries from the ledger's projections, cached briefly in Redis and dropped by the ledger whenever the user's
/// kudos change. The gateway reads the ledger's tables but never writes them. An account without a row, or a ledger
/// that has not started yet, has 0.
struct BalanceReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// The Redis client (nil: always Postgres).
    let redis: RedisClient?
    /// `HORDE_REDIS_PREFIX`.
    let prefix: String
    /// The mirror's namespace (the ledger's instance id).
    let namespace: LedgerMirrorNamespace
    /// Hot balances, served without a round trip for up to a second.
    let memo = BalanceMemo()
    /// How long a summary stays cached (the ledger also deletes it on change).
    static let summaryTTL: Duration = .seconds(30)
    private let fallbacks = MetricsRegistry.shared.counter(
        "horde_gateway_balance_cache_misses_total", help: "Balance reads that went to Postgres")

    /// A reader over `pool`, with the Redis mirror when `redis` is given.
    init(pool: PostgresPool, redis: RedisClient? = nil, prefix: String = "horde:") {
        self.pool = pool
        self.redis = redis
        self.prefix = prefix
        self.namespace = LedgerMirrorNamespace(pool: pool)
    }

    /// The balance of `account`: from the memo, else the Redis mirror, else `ledger.balances`.
    func balance(of account: AccountRef) async throws -> Double {
        if let cents = memo.get(account) { return Double(cents) / 100 }
        if let redis, let namespace = await namespace.current(),
            let text = try? await redis.get(LedgerCacheKeys.balance(prefix: prefix, namespace: namespace, account: account)),
            let cents = LedgerAmount.cents(text: text)
        {
            memo.put(account, cents: cents)
            return Double(cents) / 100
        }
        fallbacks.increment()
        do {
            let rows = try await pool.query(
                "SELECT balance::text AS balance FROM ledger.balances WHERE account = \(account.description)")
            let cents = rows.first?["balance"].string.flatMap { LedgerAmount.cents(text: $0) } ?? 0
            memo.put(account, cents: cents)
            return Double(cents) / 100
        } catch where error.isUndefinedTable {
            return 0
        }
    }

    /// Forgets what the memo holds for `accounts`, after this gateway published a movement of them.
    func forget(_ accounts: AccountRef...) {
        for account in accounts { memo.forget(account) }
    }

    /// What user `userId` may spend now (balance − floor), in hundredths.
    func availableCents(ofUser userId: Int, oauthId: String) async throws -> Int64 {
        let balance = LedgerAmount.cents(try await balance(of: .user(userId))) ?? 0
        return balance - LedgerProfile.of(userId: userId, oauthId: oauthId, trusted: false, createdAt: nil).floorCents
    }

    /// What `GET /users/{id}` shows about the kudos of user `userId`.
    func summary(ofUser userId: Int) async throws -> UserKudosSummary {
        let key = await namespace.current().map { LedgerCacheKeys.summary(prefix: prefix, namespace: $0, userId: userId) }
        var summary: UserKudosSummary
        if let redis, let key, let bytes = try? await redis.getBytes(key),
            let cached = try? JSONDecoder().decode(UserKudosSummary.self, from: Data(bytes))
        {
            summary = cached
        } else {
            summary = try await projectedSummary(ofUser: userId)
            if let redis, let key, let bytes = try? JSONEncoder().encode(summary) {
                try? await redis.set(key, bytes: Array(bytes), ttl: Self.summaryTTL)
            }
        }
        // The balance comes from the mirror, which the ledger rewrites on every change.
        summary.kudos = try await balance(of: .user(userId))
        return summary
    }

    /// A shared key's use as the ledger recorded it: kudos charged through it and kudos gifted to it.
    func sharedKeyUsage(_ id: UUID) async throws -> (utilized: Double, gifted: Double) {
        do {
            let rows = try await pool.query(
                "SELECT field, value FROM ledger.stats WHERE subject = \("sharedkey:\(id.uuidString.lowercased())")")
            var usage = (utilized: 0.0, gifted: 0.0)
            for row in rows {
                let value = row["value"].double ?? 0
                switch row["field"].string {
                case "sharedkey.utilized": usage.utilized = value
                case "sharedkey.gifted": usage.gifted = value
                default: break
                }
            }
            return usage
        } catch where error.isUndefinedTable {
            return (0, 0)
        }
    }

    private func projectedSummary(ofUser userId: Int) async throws -> UserKudosSummary {
        var summary = UserKudosSummary()
        do {
            let escrow = try await pool.query(
                "SELECT balance FROM ledger.balances WHERE account = \(AccountRef.escrow(userId).description)")
            summary.evaluatingKudos = escrow.first?["balance"].double ?? 0
            let details = try await pool.query("SELECT field, amount FROM ledger.details WHERE user_id = \(userId)")
            let stats = try await pool.query("SELECT field, value FROM ledger.stats WHERE subject = \("user:\(userId)")")
            summary.apply(
                details: details.map { ($0["field"].string ?? "", $0["amount"].double ?? 0) },
                stats: stats.map { ($0["field"].string ?? "", $0["value"].double ?? 0) })
        } catch where error.isUndefinedTable {
            return summary
        }
        return summary
    }
}
