import Foundation
import HordeCore
import Postgres
import Redis
import ServiceKit

/// Everything the request handlers share: settings, connections and the small stateful helpers.
struct GatewayContext: Sendable {
    /// The gateway's settings.
    let config: GatewayConfig
    /// Names this replica: pop replies addressed to it come back to it.
    let instanceId: String
    /// The process logger.
    let logger: Logger
    /// The gateway's database pool.
    let pool: PostgresPool
    /// The Redis client (caches).
    let redis: RedisClient
    /// Publishes to Kafka.
    let publisher: EventPublisher
    /// Resolves API keys.
    let authenticator: Authenticator
    /// Reads kudos balances.
    let balances: BalanceReader
    /// Hands pop replies to waiting pops (`kafka` pop transport).
    let popReplies: PopReplyRouter
    /// Asks the scheduler instances for jobs over HTTP (`direct` pop transport).
    let schedulerPops: SchedulerPopClient
    /// Cached status bodies.
    let statusCache: StatusCache
    /// Moderation: modes, filters, IP timeouts and the prompt screen.
    let moderation: ModerationServices
    // Platform.
    /// The model references (image and text), refreshed in the background.
    let modelReference: ModelReferenceStore
    /// The scheduler's queue snapshot and request positions, read from Redis.
    let queueSnapshot: QueueSnapshotReader
    /// Generation statistics, read from the running sums.
    let stats: StatsReader
    // Outbox.
    /// Sends committed events to Kafka after COMMIT, and again when their first send was lost.
    let outbox: OutboxRelay

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
            ttl: config.authCacheTTL, logger: logger, admins: config.admins)
        self.balances = BalanceReader(pool: pool, redis: redis, prefix: config.redisPrefix)
        self.popReplies = PopReplyRouter()
        self.schedulerPops = SchedulerPopClient(
            baseURLs: config.schedulerURLs, token: config.internalToken, logger: logger.child("pops"))
        self.statusCache = StatusCache(redis: redis, keyPrefix: config.redisPrefix, logger: logger)
        self.moderation = ModerationServices(
            config: config.moderation, pool: pool, redis: redis, keyPrefix: config.redisPrefix, logger: logger)
        self.modelReference = ModelReferenceStore()
        self.queueSnapshot = QueueSnapshotReader(redis: redis, keyPrefix: config.redisPrefix, logger: logger)
        self.stats = StatsReader(pool: pool)
        self.outbox = OutboxRelay(pool: pool, publisher: publisher, config: config.outbox, logger: logger)
        outbox.start()
    }
}
