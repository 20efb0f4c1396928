import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// The ledger process, assembled: the runtime (Postgres with the `ledger` schema, Kafka, Redis, admin port) and its
/// two batching consumers, plus the monthly-kudos check.
struct LedgerApp: Sendable {
    /// Postgres, Kafka, the admin port and the logger of this process.
    let runtime: ServiceRuntime
    /// The ledger's settings.
    let config: LedgerConfig
    /// Where commands come from and events go.
    let topics: LedgerTopics
    /// The ledger in Postgres.
    let store: LedgerStore
    /// Applies ledger events.
    let handler: LedgerHandler

    /// Connects, migrates the `ledger` schema and creates scoped topics when asked.
    static func start(env: Environment = .init(), topics: LedgerTopics = .standard) async throws -> LedgerApp {
        let config = try LedgerConfig.fromEnvironment(env)
        let runtime = try await ServiceRuntime.start(
            service: "ledger", defaultAdminPort: 7102, schema: LedgerMigrations.schema,
            migrations: LedgerMigrations.all, env: env)
        if topics != .standard {
            try await KafkaAdmin.createTopics(topics.specs, config: runtime.config.kafka, logger: runtime.logger)
        }
        let store = LedgerStore(pool: runtime.postgres, trustThresholdCents: config.trustThresholdCents)
        return LedgerApp(
            runtime: runtime, config: config, topics: topics, store: store,
            handler: LedgerHandler(
                store: store, publisher: runtime.publisher, ledgerEventsTopic: topics.ledgerEvents,
                metrics: LedgerMetrics(), logger: runtime.logger,
                cache: LedgerCache(
                    redis: runtime.redis, prefix: config.redisPrefix,
                    namespace: try await LedgerCache.namespace(runtime.postgres), logger: runtime.logger)))
    }

    /// The services in start order (shutdown runs in reverse: consumers first, the admin port last).
    func services(includeAdmin: Bool = true) -> [any Service] {
        let handler = self.handler
        var services: [any Service] = []
        if includeAdmin { services.append(runtime.adminService()) }
        let requestGroup = "\(config.consumerGroup)-request-events"
        services.append(
            LedgerBatchConsumer<RequestEvent>(
                name: "request-events", config: runtime.consumerConfig(group: requestGroup, topics: [topics.requestEvents]).background(),
                logger: runtime.logger.with("consumer", "request-events"), maxBatch: config.batchSize
            ) { envelopes in try await handler.handle(envelopes) })
        let commandGroup = "\(config.consumerGroup)-ledger-commands"
        services.append(
            LedgerBatchConsumer<LedgerCommand>(
                name: "ledger-commands",
                config: runtime.consumerConfig(group: commandGroup, topics: [topics.ledgerCommands]).background(),
                logger: runtime.logger.with("consumer", "ledger-commands"), maxBatch: config.batchSize
            ) { envelopes in try await handler.handle(envelopes) })
        if config.monthlyInterval > .zero {
            services.append(
                MonthlyKudosService(
                    handler: handler, pool: runtime.postgres, interval: config.monthlyInterval, logger: runtime.logger))
        }
        return services
    }
}
