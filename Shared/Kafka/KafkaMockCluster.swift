/// librdkafka's in-process mock cluster: a Kafka-protocol broker set served by a thread of this process, for
/// tests that need a broker without infrastructure. Point a `KafkaConfig` at `bootstrapServers`.
package final class KafkaMockCluster: Sendable {
    private let cluster: RDKafkaMockCluster

    /// Starts `brokers` mock brokers on loopback ports.
    package init(brokers: Int = 1) throws(KafkaError) {
        cluster = try RDKafkaMockCluster(brokers: brokers)
    }

    /// The `bootstrap.servers` value that reaches the mock brokers.
    package var bootstrapServers: String { cluster.bootstrapServers }

    /// A config for clients of this cluster.
    package func config(clientId: String = "horde-test") -> KafkaConfig {
        KafkaConfig(brokers: bootstrapServers, clientId: clientId)
    }

    /// Creates a topic directly in the mock.
    package func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) throws(KafkaError) {
        try cluster.createTopic(name, partitions: partitions, replicationFactor: replicationFactor)
    }
}
