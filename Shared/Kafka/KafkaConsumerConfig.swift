/// Settings for one consumer-group member. Defaults favour low latency on a single machine and at-least-once
/// delivery: offsets are stored only when the application says a message is processed, then auto-committed.
package struct KafkaConsumerConfig: Sendable {
    /// Brokers, client id and raw overrides (`additional` wins over every property below).
    package var kafka: KafkaConfig
    /// `group.id`: members of one group share the partitions of `topics`.
    package var groupId: String
    /// Topics to subscribe to.
    package var topics: [String]
    /// `session.timeout.ms`: how long the group waits for a silent member. Default: 6 s.
    package var sessionTimeout: Duration = .seconds(6)
    /// `heartbeat.interval.ms`. Default: 1 s.
    package var heartbeatInterval: Duration = .seconds(1)
    /// `auto.commit.interval.ms`: how often stored offsets are committed. Default: 1 s.
    package var autoCommitInterval: Duration = .seconds(1)
    /// `max.poll.interval.ms`: the longest a message may be processed before the member is considered stuck.
    /// Default: 5 min.
    package var maxPollInterval: Duration = .seconds(300)
    /// `fetch.wait.max.ms`: how long the broker may hold a fetch waiting for data. Default: `kafka.fetchWait`.
    package var fetchWaitMax: Duration
    /// `auto.offset.reset` when the group has no committed offset. Default: `earliest`.
    package var autoOffsetReset: String = "earliest"

    /// A member of `groupId` reading `topics`.
    package init(kafka: KafkaConfig, groupId: String, topics: [String]) {
        self.kafka = kafka
        self.groupId = groupId
        self.topics = topics
        self.fetchWaitMax = kafka.fetchWait
    }

    /// This member as a consumer nobody waits on: its fetches are held `kafka.backgroundFetchWait`.
    package func background() -> KafkaConsumerConfig {
        var config = self
        config.fetchWaitMax = kafka.backgroundFetchWait
        return config
    }

    /// The flattened librdkafka properties.
    var properties: [String: String] {
        var properties = kafka.baseProperties
        properties.merge([
            "group.id": groupId,
            "enable.auto.commit": "true",
            "enable.auto.offset.store": "false",
            "auto.commit.interval.ms": String(autoCommitInterval.milliseconds),
            "auto.offset.reset": autoOffsetReset,
            "session.timeout.ms": String(sessionTimeout.milliseconds),
            "heartbeat.interval.ms": String(heartbeatInterval.milliseconds),
            "max.poll.interval.ms": String(maxPollInterval.milliseconds),
            "fetch.wait.max.ms": String(fetchWaitMax.milliseconds),
            "fetch.min.bytes": "1",
            "enable.partition.eof": "false",
            "socket.nagle.disable": "true",
        ]) { _, new in new }
        properties.merge(kafka.additional) { _, new in new }
        return properties
    }
}
