import Domain
import Foundation
import HordeCore
import Messages
import Redis

/// Mirrors committed balances to Redis (`LedgerCacheKeys`) and drops the cached summaries of the users a batch
/// touched, so the gateway answers balance reads from Redis. Best effort: Redis is a cache, a failure is logged and
/// counted and the gateway falls back to Postgres.
struct LedgerCache: Sendable {
    /// The Redis client.
    let redis: RedisClient
    /// `HORDE_REDIS_PREFIX`.
    let prefix: String
    /// Where failures are logged.
    let logger: Logger
    private let failures = MetricsRegistry.shared.counter(
        "horde_ledger_cache_failures_total", help: "Balance mirror writes that failed")

    /// A mirror writing under `prefix`.
    init(redis: RedisClient, prefix: String, logger: Logger) {
        self.redis = redis
        self.prefix = prefix
        self.logger = logger
    }

    /// Writes the batch's balances and invalidates the touched users' summaries, in one pipeline.
    func mirror(_ result: LedgerBatchResult) async {
        var commands: [[String]] = []
        for (account, value) in result.balances {
            if case .system = account { continue }
            commands.append([
                "SET", LedgerCacheKeys.balance(prefix: prefix, account: account), LedgerAmount.text(cents: value.cents),
                "EX", String(LedgerCacheKeys.balanceTTLSeconds),
            ])
        }
        var users = result.users
        for (account, _) in result.balances {
            if case .user(let id) = account { users.insert(id) }
        }
        if !users.isEmpty {
            commands.append(["DEL"] + users.sorted().map { LedgerCacheKeys.summary(prefix: prefix, userId: $0) })
        }
        guard !commands.isEmpty else { return }
        do {
            _ = try await redis.pipeline(commands)
        } catch {
            failures.increment()
            logger.warning("balance mirror failed", ["error": "\(error)"])
        }
    }
}
