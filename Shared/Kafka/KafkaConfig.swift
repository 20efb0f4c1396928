import HordeCore

/// Settings shared by every Kafka client of a process: where the brokers are and how the client names itself.
package struct KafkaConfig: Sendable {
    /// Comma-separated `host:port` bootstrap list. Default: `127.0.0.1:9092` (env `HORDE_KAFKA_BROKERS`).
    package var brokers: String = "127.0.0.1:9092"
    /// `client.id`, shown in broker logs and metrics labels. Default: `horde`.
    package var clientId: String = "horde"
    /// Raw librdkafka properties; they override every default this module sets. Default: empty.
    package var additional: [String: String] = [:]

    /// A config for `brokers` that identifies itself as `clientId`.
    package init(brokers: String = "127.0.0.1:9092", clientId: String = "horde") {
        self.brokers = brokers
        self.clientId = clientId
    }

    /// Reads `HORDE_KAFKA_BROKERS` (default `127.0.0.1:9092`).
    package static func fromEnvironment(_ env: Environment = .init(), clientId: String) -> KafkaConfig {
        KafkaConfig(brokers: env.string("HORDE_KAFKA_BROKERS", default: "127.0.0.1:9092"), clientId: clientId)
    }

    /// The properties every client gets, before client-specific defaults and `additional`.
    var baseProperties: [String: String] {
        ["bootstrap.servers": brokers, "client.id": clientId]
    }
}

extension KafkaConfig {
    /// Producer properties: acknowledged by all in-sync replicas, sent within 1 ms (`linger.ms=1`) with Nagle off,
    /// and failed after 30 s without acknowledgement, so `send` never waits for the 5-minute librdkafka default.
    var producerProperties: [String: String] {
        var properties = baseProperties
        properties.merge([
            "acks": "all",
            "linger.ms": "1",
            "socket.nagle.disable": "true",
            "message.timeout.ms": "30000",
        ]) { _, new in new }
        properties.merge(additional) { _, new in new }
        return properties
    }
}
