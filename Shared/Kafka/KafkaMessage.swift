import Foundation

/// One record read from a topic, copied out of librdkafka's buffers.
package struct KafkaMessage: Sendable {
    /// The topic it was read from.
    package let topic: String
    /// The partition it was read from.
    package let partition: Int32
    /// Its offset in that partition.
    package let offset: Int64
    /// The key, or `nil` when the record has none.
    package let key: [UInt8]?
    /// The payload, or `nil` for a tombstone (a record with a NULL value).
    package let value: [UInt8]?
    /// Headers in wire order; names may repeat.
    package let headers: [(String, [UInt8])]
    /// The record's timestamp, when the broker or producer set one.
    package let timestamp: Date?

    /// A message with the given fields (the consumer builds these; tests may too).
    package init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8]?,
        headers: [(String, [UInt8])] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The key decoded as UTF-8, if present and valid.
    package var keyString: String? { key.flatMap { String(validating: $0, as: UTF8.self) } }

    /// The first header named `name`.
    package func header(_ name: String) -> [UInt8]? { headers.first { $0.0 == name }?.1 }
}
