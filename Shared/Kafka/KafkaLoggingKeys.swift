/// Metadata keys this module attaches to log lines.
package enum KafkaLoggingKeys {
    /// The topic a line is about.
    package static let topic = "kafka.topic"
    /// The partition a line is about.
    package static let partition = "kafka.partition"
    /// The offset a line is about.
    package static let offset = "kafka.offset"
    /// The consumer group.
    package static let group = "kafka.group"
    /// librdkafka's instance name (client id plus a suffix).
    package static let client = "kafka.client"
    /// librdkafka's symbolic error name.
    package static let error = "kafka.error"
    /// librdkafka's log facility (`FAIL`, `REQTMOUT`, `CGRPJOINSTATE`…).
    package static let facility = "kafka.facility"
    /// librdkafka's syslog level for a forwarded log line.
    package static let librdkafkaLevel = "kafka.level"
    /// The partitions of a rebalance.
    package static let partitions = "kafka.partitions"
    /// The rebalance protocol (`EAGER` or `COOPERATIVE`).
    package static let rebalanceProtocol = "kafka.rebalance.protocol"
}
