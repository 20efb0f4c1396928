import Foundation
import HTTP
import HordeCore
import Kafka
import Postgres
import Redis

/// Settings every service reads: where its dependencies are and which admin port it serves.
package struct CommonConfig: Sendable {
    package var postgres: PostgresConfig
    package var redis: RedisConfig
    package var kafka: KafkaConfig
    /// `HORDE_ADMIN_HOST` (Default: 127.0.0.1).
    package var adminHost: String
    /// `HORDE_ADMIN_PORT`: `/healthz`, `/readyz`, `/metrics` (Default: per service, 7101–7104).
    package var adminPort: Int
    /// `HORDE_INSTANCE_ID`: names this replica in consumer groups and pop replies (Default: host-pid-random).
    package var instanceId: String
    /// `HORDE_SHUTDOWN_TIMEOUT` (Default: 25s).
    package var shutdownTimeout: Duration
    /// The HTTP server settings (`HORDE_HTTP_*`: limits and timeouts) on the admin host and port; servers on other
    /// ports start from a copy of it.
    package var http: HTTPServerConfig

    /// `kafkaLinger` is the service's default producer `linger.ms` (`HORDE_KAFKA_LINGER` overrides it).
    package static func fromEnvironment(
        _ env: Environment = .init(), service: String, defaultAdminPort: Int,
        kafkaLinger: Duration = .milliseconds(1)
    ) throws -> CommonConfig {
        let adminHost = env.string("HORDE_ADMIN_HOST", default: "127.0.0.1")
        let adminPort = try env.int("HORDE_ADMIN_PORT", default: defaultAdminPort)
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "host"
        let random = UUID().uuidString.prefix(8).lowercased()
        return CommonConfig(
            postgres: try PostgresConfig.fromEnvironment(env),
            redis: try RedisConfig.fromEnvironment(env),
            kafka: KafkaConfig.fromEnvironment(env, clientId: "horde-\(service)", defaultLinger: kafkaLinger),
            adminHost: adminHost,
            adminPort: adminPort,
            instanceId: env.string(
                "HORDE_INSTANCE_ID", default: "\(service)-\(host)-\(ProcessInfo.processInfo.processIdentifier)-\(random)"),
            shutdownTimeout: try env.duration("HORDE_SHUTDOWN_TIMEOUT", default: .seconds(25)),
            http: try HTTPServerConfig(host: adminHost, port: adminPort, environment: env))
    }
}
