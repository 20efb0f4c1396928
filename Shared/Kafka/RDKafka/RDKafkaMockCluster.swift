internal import CRdKafka

/// librdkafka's in-process mock cluster (`rdkafka_mock.h`): real Kafka protocol over loopback sockets, served by
/// a thread inside this process. For unit tests that need a broker without infrastructure.
final class RDKafkaMockCluster: @unchecked Sendable {
    // Invariant: `handle` and `cluster` are created in `init` and freed only in `deinit`; the rd_kafka_mock_*
    // functions used in between are thread-safe (they post operations to the cluster's own thread).
    private let handle: OpaquePointer
    private let cluster: OpaquePointer
    /// The `bootstrap.servers` value that reaches the mock brokers.
    let bootstrapServers: String

    /// Starts `brokers` mock brokers. The corresponding C function is `rd_kafka_mock_cluster_new`.
    init(brokers: Int) throws(KafkaError) {
        handle = try RDKafkaHandleFactory.make(.producer, properties: ["log_level": "0"], events: 0)
        guard let cluster = rd_kafka_mock_cluster_new(handle, Int32(brokers)) else {
            rd_kafka_destroy(handle)
            throw KafkaError(.client, message: "rd_kafka_mock_cluster_new returned NULL")
        }
        self.cluster = cluster
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        rd_kafka_destroy(handle)
    }

    /// Creates a topic directly in the mock. The corresponding C function is `rd_kafka_mock_topic_create`.
    func createTopic(_ name: String, partitions: Int, replicationFactor: Int) throws(KafkaError) {
        let result = rd_kafka_mock_topic_create(cluster, name, Int32(partitions), Int32(replicationFactor))
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(.admin, rdKafka: result) }
    }
}
