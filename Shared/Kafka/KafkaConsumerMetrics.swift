import HordeCore
import Synchronization

/// The consumer's Prometheus instruments, labelled by group (and topic for message counts).
final class KafkaConsumerMetrics: Sendable {
    private let group: String
    private let registry: MetricsRegistry
    private let consumedByTopic = Mutex<[String: Counter]>([:])
    /// Client-level and fetch errors librdkafka reported.
    let errors: Counter
    /// Rebalance events applied.
    let rebalances: Counter
    /// `storeOffset` calls for partitions no longer assigned (their messages will be redelivered).
    let storeSkipped: Counter
    /// Failed offset commits.
    let commitErrors: Counter

    /// Registers (or finds) the instruments of `group`.
    init(group: String, registry: MetricsRegistry = .shared) {
        self.group = group
        self.registry = registry
        let labels = ["group": group]
        errors = registry.counter(
            "kafka_consumer_errors_total", help: "Client-level and fetch errors reported by librdkafka.",
            labels: labels)
        rebalances = registry.counter(
            "kafka_consumer_rebalances_total", help: "Partition assignments and revocations applied.",
            labels: labels)
        storeSkipped = registry.counter(
            "kafka_consumer_offset_store_skipped_total",
            help: "Offsets not stored because the partition was no longer assigned.", labels: labels)
        commitErrors = registry.counter(
            "kafka_consumer_commit_errors_total", help: "Offset commits that failed.", labels: labels)
    }

    /// Counts messages handed to the application.
    func consumed(_ messages: [KafkaMessage]) {
        for message in messages {
            let counter = consumedByTopic.withLock { counters in
                if let counter = counters[message.topic] { return counter }
                let counter = registry.counter(
                    "kafka_consumer_messages_total", help: "Messages fetched for the application.",
                    labels: ["group": group, "topic": message.topic])
                counters[message.topic] = counter
                return counter
            }
            counter.increment()
        }
    }
}
