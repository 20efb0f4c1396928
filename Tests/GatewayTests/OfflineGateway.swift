import Foundation
import HTTP
import HordeCore
import Kafka
import Postgres
import Redis
import ServiceKit

@testable import Gateway

/// The gateway's router with every dependency unreachable, for what needs no I/O (the route table, the
/// documents, middleware on requests refused before any I/O).
enum OfflineGateway {
    /// The router and its context.
    static func make(version: String = "9.9.9") throws -> (Router, GatewayContext) {
        let logger = Logger(label: "offline-gateway", level: .critical)
        var config = try GatewayConfig.fromEnvironment(Environment([:]))
        config.version = version
        var postgres = PostgresConfig(url: "postgresql://nobody@127.0.0.1:1/none")
        postgres.connectTimeout = .milliseconds(500)
        let context = GatewayContext(
            config: config, instanceId: "node-1", logger: logger,
            pool: PostgresPool(config: postgres, logger: logger),
            redis: RedisClient(config: RedisConfig(url: "redis://127.0.0.1:1/0"), logger: logger),
            publisher: EventPublisher(
                producer: try KafkaProducer(config: KafkaConfig(brokers: "127.0.0.1:1"), logger: logger)))
        return (GatewayRoutes.router(context, readiness: Readiness()), context)
    }
}
