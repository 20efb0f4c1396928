internal import CRdKafka

/// Owns one `rd_kafka_topic_partition_list_t` for the span of a C call and converts lists to Swift values.
final class RDKafkaTopicPartitionList {
    /// The owned list; never escapes this folder.
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of `partitions`, each with `offset` (default: librdkafka's "invalid", meaning "no opinion").
    init(_ partitions: [KafkaTopicPartition], offset: Int64 = Int64(RD_KAFKA_OFFSET_INVALID)) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(partitions.count, 1)))
        for partition in partitions {
            let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)
            element?.pointee.offset = offset
        }
    }

    /// A subscription list: every topic with the "unassigned" partition marker.
    init(subscribing topics: [String]) {
        pointer = rd_kafka_topic_partition_list_new(Int32(max(topics.count, 1)))
        for topic in topics {
            rd_kafka_topic_partition_list_add(pointer, topic, RD_KAFKA_PARTITION_UA)
        }
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// The first per-partition error in the list, if any.
    var firstError: rd_kafka_resp_err_t? {
        Self.elements(of: pointer).lazy.map(\.err).first { $0 != RD_KAFKA_RESP_ERR_NO_ERROR }
    }

    /// Copies a list librdkafka owns into Swift values.
    static func partitions(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [KafkaTopicPartition] {
        elements(of: list).compactMap { element in
            guard let topic = element.topic else { return nil }
            return KafkaTopicPartition(topic: String(cString: topic), partition: element.partition)
        }
    }

    private static func elements(
        of list: UnsafePointer<rd_kafka_topic_partition_list_t>?
    ) -> [rd_kafka_topic_partition_t] {
        guard let list, let elements = list.pointee.elems, list.pointee.cnt > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: elements, count: Int(list.pointee.cnt)))
    }
}
