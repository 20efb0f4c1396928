import Foundation
import HordeCore
import Messages
import ServiceKit

/// The ledger process, assembled: the runtime (Postgres with the `ledger` schema, Kafka, admin port) and its two
/// consumers.
struct LedgerApp: Sendable {
    let runtime: ServiceRuntime
    let config: LedgerConfig
    let store: LedgerStore
    let handler: LedgerHandler

    static func start(env: Environment = .init()) async throws -> LedgerApp {
        let runtime = try await ServiceRuntime.start(
            service: "ledger", defaultAdminPort: 7102, schema: LedgerMigrations.schema,
            migrations: LedgerMigrations.all, env: env)
        let store = LedgerStore(pool: runtime.postgres)
        return LedgerApp(
            runtime: runtime, config: LedgerConfig.fromEnvironment(env), store: store,
            handler: LedgerHandler(
                store: store, publisher: runtime.publisher, metrics: LedgerMetrics(), logger: runtime.logger))
    }

    /// The services in start order (shutdown runs in reverse: consumers first, the admin port last).
    func services(includeAdmin: Bool = true) -> [any Service] {
        let handler = self.handler
        var services: [any Service] = []
        if includeAdmin { services.append(runtime.adminService()) }
        services.append(
            runtime.consumer(RequestEvent.self, name: "request-events", group: config.consumerGroup, topic: Topics.requestEvents) {
                envelope, _ in
                try await handler.handle(envelope)
            })
        services.append(
            runtime.consumer(LedgerCommand.self, name: "ledger-commands", group: config.consumerGroup, topic: Topics.ledgerCommands) {
                envelope, _ in
                try await handler.handle(envelope)
            })
        return services
    }
}
