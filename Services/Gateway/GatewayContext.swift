import Foundation
import HordeCore
import Postgres
import Redis
import ServiceKit

/// Everything the request handlers share: settings, connections and the small stateful helpers.
struct GatewayContext: Sendable {
    let config: GatewayConfig
    /// Names this replica: pop replies addressed to it come back to it.
    let instanceId: String
    let logger: Logger
    let pool: PostgresPool
    let redis: RedisClient
    let publisher: EventPublisher
    let authenticator: Authenticator
    let balances: BalanceReader
    let popReplies: PopReplyRouter
    let statusCache: StatusCache

    /// Wires the helpers over the given connections.
    init(
        config: GatewayConfig, instanceId: String, logger: Logger, pool: PostgresPool, redis: RedisClient,
        publisher: EventPublisher
    ) {
        self.config = config
        self.instanceId = instanceId
        self.logger = logger
        self.pool = pool
        self.redis = redis
        self.publisher = publisher
        self.authenticator = Authenticator(
            pool: pool, redis: redis, hasher: APIKeyHasher(salt: config.apiKeySalt), keyPrefix: config.redisPrefix,
            ttl: config.authCacheTTL, logger: logger)
        self.balances = BalanceReader(pool: pool)
        self.popReplies = PopReplyRouter()
        self.statusCache = StatusCache(redis: redis, keyPrefix: config.redisPrefix, logger: logger)
    }
}
