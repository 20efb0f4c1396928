import Domain
import Foundation
import HordeCore
import Messages
import Postgres
import Redis

/// Mirrors committed balances to Redis (`LedgerCacheKeys`) and drops the cached summaries of the users a batch
/// touched, so the gateway answers balance reads from Redis. Best effort: Redis is a cache, a failure is logged and
/// counted and the gateway falls back to Postgres.
struct LedgerCache: Sendable {
    /// The Redis client.
    let redis: RedisClient
    /// `HORDE_REDIS_PREFIX`.
    let prefix: String
    /// The ledger's instance id (`ledger.instance`).
    let namespace: String
    /// Where failures are logged.
    let logger: Logger
    private let failures = MetricsRegistry.shared.counter(
        "horde_ledger_cache_failures_total", help: "Balance mirror writes that failed")

    /// A mirror writing under `prefix` and `namespace`.
    init(redis: RedisClient, prefix: String, namespace: String, logger: Logger) {
        self.redis = redis
        self.prefix = prefix
        self.namespace = namespace
        self.logger = logger
    }

    /// The ledger's instance id, the mirror's namespace.
    static func namespace(_ pool: PostgresPool) async throws -> String {
        try await pool.query("SELECT id::text AS id FROM ledger.instance LIMIT 1").first?["id"].string ?? "default"
    }

    /// Writes the batch's balances and invalidates the touched users' summaries, in one pipeline.
    func mirror(_ result: LedgerBatchResult) async {
        var commands: [[String]] = []
        for (account, value) in result.balances {
            if case .system = account { continue }
            commands.append([
                "SET", LedgerCacheKeys.balance(prefix: prefix, namespace: namespace, account: account), LedgerAmount.text(cents: value.cents),
                "EX", String(LedgerCacheKeys.balanceTTLSeconds),
            ])
        }
        var users = result.users
        for (account, _) in result.balances {
            if case .user(let id) = account { users.insert(id) }
        }
        if !users.isEmpty {
            commands.append(["DEL"] + users.sorted().map { LedgerCacheKeys.summary(prefix: prefix, namespace: namespace, userId: $0) })
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
