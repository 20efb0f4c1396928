import Foundation
import HTTP
import HordeCore
import Kafka
import Messages

/// What a process without a database of its own starts with (the worker): configuration, logger, readiness and
/// the admin endpoints, plus, when it talks to the cluster, the Kafka producer with the horde's topics created.
/// `ServiceRuntime` is the full version with Postgres and Redis.
package final class StatelessRuntime: Sendable {
    /// The service name (`worker`), used in logs and `/healthz`.
    package let name: String
    /// The process logger.
    package let logger: Logger
    /// Where the configuration came from.
    package let env: Environment
    /// Admin port, Kafka settings, instance id, shutdown budget.
    package let config: CommonConfig
    /// Checks `/readyz` runs.
    package let readiness: Readiness
    /// Nil when started without Kafka.
    package let producer: KafkaProducer?
    /// Publishes envelopes with `producer`; nil without Kafka.
    package let publisher: EventPublisher?

    private init(
        name: String, logger: Logger, env: Environment, config: CommonConfig, producer: KafkaProducer?
    ) {
        self.name = name
        self.logger = logger
        self.env = env
        self.config = config
        self.readiness = Readiness()
        self.producer = producer
        self.publisher = producer.map(EventPublisher.init(producer:))
    }

    /// Reads the common configuration and, with `kafka`, connects the producer and creates the topics (retried
    /// for `HORDE_STARTUP_TIMEOUT`, Default: 60s, while a fresh stack comes up).
    package static func start(
        service: String, defaultAdminPort: Int, kafka: Bool, env: Environment = .init()
    ) async throws -> StatelessRuntime {
        let logger = Logger(label: service)
        let config = try CommonConfig.fromEnvironment(env, service: service, defaultAdminPort: defaultAdminPort)
        var producer: KafkaProducer?
        if kafka {
            let startupTimeout = try env.duration("HORDE_STARTUP_TIMEOUT", default: .seconds(60))
            producer = try KafkaProducer(config: config.kafka, logger: logger.child("kafka.producer"))
            try await ServiceRuntime.retrying("kafka", timeout: startupTimeout, logger: logger) {
                try await KafkaAdmin.createTopics(
                    Topics.all.map { TopicSpec(name: $0.name, partitions: $0.partitions) }, config: config.kafka,
                    logger: logger)
            }
        }
        logger.info("started", ["instance": config.instanceId])
        return StatelessRuntime(name: service, logger: logger, env: env, config: config, producer: producer)
    }

    /// A consumer configuration in this process's Kafka settings.
    package func consumerConfig(group: String, topics: [String]) -> KafkaConsumerConfig {
        KafkaConsumerConfig(kafka: config.kafka, groupId: group, topics: topics)
    }

    /// The admin HTTP server (`/healthz`, `/readyz`, `/metrics`) on `config.adminPort`.
    package func adminService() -> HTTPServerService {
        AdminRoutes.service(config: config, readiness: readiness, service: name, logger: logger)
    }

    /// Runs `services` until SIGTERM/SIGINT (or cancellation), then closes the producer. Returns the exit status.
    package func run(_ services: [any Service]) async -> Int32 {
        let status = await ServiceGroup(
            services: services, logger: logger, gracefulShutdownTimeout: config.shutdownTimeout
        ).runToExitStatus()
        await producer?.close()
        logger.info("stopped")
        return status
    }
}
