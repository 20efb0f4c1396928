import Foundation
import HTTP
import HordeCore
import Kafka
import Messages
import Postgres
import Redis

/// What every service process starts with: configuration, logger, the Postgres pool with its schema migrated,
/// Redis, the Kafka producer with the horde's topics created, readiness checks and the admin endpoints.
package final class ServiceRuntime: Sendable {
    package let name: String
    package let logger: Logger
    package let env: Environment
    package let config: CommonConfig
    package let readiness: Readiness
    package let postgres: PostgresPool
    package let redis: RedisClient
    package let producer: KafkaProducer
    package let publisher: EventPublisher

    private init(
        name: String, logger: Logger, env: Environment, config: CommonConfig, postgres: PostgresPool,
        redis: RedisClient, producer: KafkaProducer
    ) {
        self.name = name
        self.logger = logger
        self.env = env
        self.config = config
        self.readiness = Readiness()
        self.postgres = postgres
        self.redis = redis
        self.producer = producer
        self.publisher = EventPublisher(producer: producer)
    }

    /// Connects to everything, applies `migrations` to `schema` and creates the topics.
    ///
    /// Dependencies that are still starting (a fresh stack) are retried for `HORDE_STARTUP_TIMEOUT`
    /// (Default: 60s) before start-up fails.
    package static func start(
        service: String, defaultAdminPort: Int, schema: String, migrations: [Migration],
        env: Environment = .init(), kafkaLinger: Duration = .milliseconds(1)
    ) async throws -> ServiceRuntime {
        let logger = Logger(label: service)
        let config = try CommonConfig.fromEnvironment(
            env, service: service, defaultAdminPort: defaultAdminPort, kafkaLinger: kafkaLinger)
        let startupTimeout = try env.duration("HORDE_STARTUP_TIMEOUT", default: .seconds(60))
        let postgres = PostgresPool(config: config.postgres, logger: logger.child("postgres"))
        try await retrying("postgres", timeout: startupTimeout, logger: logger) {
            try await Migrator.migrate(postgres, schema: schema, migrations: migrations, logger: logger)
        }
        let redis = RedisClient(config: config.redis, logger: logger.child("redis"))
        let producer = try KafkaProducer(config: config.kafka, logger: logger.child("kafka.producer"))
        try await retrying("kafka", timeout: startupTimeout, logger: logger) {
            try await KafkaAdmin.createTopics(
                Topics.all.map { TopicSpec(name: $0.name, partitions: $0.partitions) }, config: config.kafka,
                logger: logger)
        }
        let runtime = ServiceRuntime(
            name: service, logger: logger, env: env, config: config, postgres: postgres, redis: redis,
            producer: producer)
        runtime.readiness.register("postgres") {
            (try? await postgres.query("SELECT 1")) != nil
        }
        logger.info("started", ["instance": config.instanceId])
        return runtime
    }

    /// A consumer configuration in this service's Kafka settings.
    package func consumerConfig(group: String, topics: [String]) -> KafkaConsumerConfig {
        KafkaConsumerConfig(kafka: config.kafka, groupId: group, topics: topics)
    }

    /// A consumer service for one topic (by full name) with the given group. Give each topic its own group: a group
    /// whose members subscribe to different topics rebalances all of them whenever any one joins or leaves.
    /// `background` consumers (nobody waits on them) poll the broker less often.
    package func consumer<P: EnvelopePayload>(
        _ payload: P.Type, name: String, group: String, topic: String, background: Bool = false,
        handle: @escaping @Sendable (Envelope<P>, KafkaMessage) async throws -> Void
    ) -> EventConsumerService<P> {
        let config = consumerConfig(group: group, topics: [topic])
        return EventConsumerService(
            name: name, config: background ? config.background() : config, logger: logger, handle: handle)
    }

    /// The admin HTTP server (`/healthz`, `/readyz`, `/metrics`, plus any `routes` of the service's own) on
    /// `config.adminPort`.
    package func adminService(routes: (inout Router) -> Void = { _ in }) -> HTTPServerService {
        AdminRoutes.service(config: config, readiness: readiness, service: name, logger: logger, routes: routes)
    }

    /// Runs `services` (plus nothing else) until SIGTERM/SIGINT, then closes Kafka, Redis and Postgres.
    /// Returns the process exit status.
    package func run(_ services: [any Service]) async -> Int32 {
        let status = await ServiceGroup(
            services: services, logger: logger, gracefulShutdownTimeout: config.shutdownTimeout
        ).runToExitStatus()
        await producer.close()
        await redis.close()
        await postgres.close()
        logger.info("stopped")
        return status
    }

    /// Retries `body` with backoff until it succeeds or `timeout` passes.
    package static func retrying(
        _ what: String, timeout: Duration, logger: Logger, _ body: () async throws -> Void
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var delay = Duration.milliseconds(200)
        while true {
            do {
                try await body()
                return
            } catch {
                if ContinuousClock.now + delay > deadline { throw error }
                logger.notice("waiting for dependency", ["dependency": what, "error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}
