import HordeCore

/// Settings shared by every Kafka client of a process: where the brokers are and how the client names itself.
package struct KafkaConfig: Sendable {
    /// Comma-separated `host:port` bootstrap list. Default: `127.0.0.1:9092` (env `HORDE_KAFKA_BROKERS`).
    package var brokers: String = "127.0.0.1:9092"
    /// `client.id`, shown in broker logs and metrics labels. Default: `horde`.
    package var clientId: String = "horde"
    /// Raw librdkafka properties; they override every default this module sets. Default: empty.
    package var additional: [String: String] = [:]
    /// `fetch.wait.max.ms` of consumers on a latency path (pops, requests, submissions, status). Default: 10 ms
    /// (env `HORDE_KAFKA_FETCH_WAIT`).
    package var fetchWait: Duration = .milliseconds(10)
    /// `fetch.wait.max.ms` of consumers nobody waits on (ledger, notifier, statistics, trust promotions): a broker
    /// that holds every fetch for its full wait (Tansu does) answers an idle consumer this often, so a longer wait
    /// saves it most of that work. Default: 200 ms (env `HORDE_KAFKA_BACKGROUND_FETCH_WAIT`).
    package var backgroundFetchWait: Duration = .milliseconds(200)
    /// `linger.ms` of the producer: how long a message may wait for others to share its request to the broker.
    /// Default: 1 ms (env `HORDE_KAFKA_LINGER`).
    package var linger: Duration = .milliseconds(1)

    /// A config for `brokers` that identifies itself as `clientId`.
    package init(brokers: String = "127.0.0.1:9092", clientId: String = "horde") {
        self.brokers = brokers
        self.clientId = clientId
    }

    /// Reads `HORDE_KAFKA_BROKERS` (default `127.0.0.1:9092`), `HORDE_KAFKA_FETCH_WAIT`,
    /// `HORDE_KAFKA_BACKGROUND_FETCH_WAIT` and `HORDE_KAFKA_LINGER` (an unusable duration keeps the default).
    /// `defaultLinger` is the service's own default for `HORDE_KAFKA_LINGER`.
    package static func fromEnvironment(
        _ env: Environment = .init(), clientId: String, defaultLinger: Duration = .milliseconds(1)
    ) -> KafkaConfig {
        var config = KafkaConfig(
            brokers: env.string("HORDE_KAFKA_BROKERS", default: "127.0.0.1:9092"), clientId: clientId)
        config.linger = defaultLinger
        config.fetchWait = (try? env.duration("HORDE_KAFKA_FETCH_WAIT", default: config.fetchWait)) ?? config.fetchWait
        config.backgroundFetchWait =
            (try? env.duration("HORDE_KAFKA_BACKGROUND_FETCH_WAIT", default: config.backgroundFetchWait))
            ?? config.backgroundFetchWait
        config.linger = (try? env.duration("HORDE_KAFKA_LINGER", default: config.linger)) ?? config.linger
        return config
    }

    /// The properties every client gets, before client-specific defaults and `additional`.
    var baseProperties: [String: String] {
        ["bootstrap.servers": brokers, "client.id": clientId]
    }
}

extension KafkaConfig {
    /// Producer properties: acknowledged by all in-sync replicas, sent within `linger` with Nagle off,
    /// and failed after 30 s without acknowledgement, so `send` never waits for the 5-minute librdkafka default.
    var producerProperties: [String: String] {
        var properties = baseProperties
        properties.merge([
            "acks": "all",
            "linger.ms": String(linger.milliseconds),
            "socket.nagle.disable": "true",
            "message.timeout.ms": "30000",
        ]) { _, new in new }
        properties.merge(additional) { _, new in new }
        return properties
    }
}
