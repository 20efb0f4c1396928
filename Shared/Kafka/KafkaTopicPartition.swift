/// A partition of a topic, as assigned to or revoked from a consumer.
package struct KafkaTopicPartition: Hashable, Sendable, CustomStringConvertible {
    /// The topic name.
    package var topic: String
    /// The partition number.
    package var partition: Int32

    /// The partition `partition` of `topic`.
    package init(topic: String, partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    /// `topic[partition]`.
    package var description: String { "\(topic)[\(partition)]" }
}
