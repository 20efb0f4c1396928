import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// The ledger process, assembled: the runtime (Postgres with the `ledger` schema, Kafka, admin port) and its two
/// consumers.
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
        let runtime = try await ServiceRuntime.start(
            service: "ledger", defaultAdminPort: 7102, schema: LedgerMigrations.schema,
            migrations: LedgerMigrations.all, env: env)
        if topics != .standard {
            try await KafkaAdmin.createTopics(topics.specs, config: runtime.config.kafka, logger: runtime.logger)
        }
        let store = LedgerStore(pool: runtime.postgres)
        return LedgerApp(
            runtime: runtime, config: LedgerConfig.fromEnvironment(env), topics: topics, store: store,
            handler: LedgerHandler(
                store: store, publisher: runtime.publisher, ledgerEventsTopic: topics.ledgerEvents,
                metrics: LedgerMetrics(), logger: runtime.logger))
    }

    /// The services in start order (shutdown runs in reverse: consumers first, the admin port last).
    func services(includeAdmin: Bool = true) -> [any Service] {
        let handler = self.handler
        var services: [any Service] = []
        if includeAdmin { services.append(runtime.adminService()) }
        services.append(
            runtime.consumer(
                RequestEvent.self, name: "request-events", group: "\(config.consumerGroup)-request-events",
                topic: topics.requestEvents
            ) { envelope, _ in try await handler.handle(envelope) })
        services.append(
            runtime.consumer(
                LedgerCommand.self, name: "ledger-commands", group: "\(config.consumerGroup)-ledger-commands",
                topic: topics.ledgerCommands
            ) { envelope, _ in try await handler.handle(envelope) })
        return services
    }
}
