import HordeCore
import Synchronization

/// The producer's Prometheus instruments, labelled by client id (and topic for message counts).
final class KafkaProducerMetrics: Sendable {
    private let clientId: String
    private let registry: MetricsRegistry
    private let outcomes = Mutex<[OutcomeKey: Counter]>([:])
    private struct OutcomeKey: Hashable { let topic: String; let failed: Bool }
    /// Client-level errors librdkafka reported.
    let errors: Counter
    /// Times `send` found the local queue full and waited.
    let queueFull: Counter
    /// Time from `send` to its delivery report.
    let deliveryLatency: Histogram
    /// Messages waiting for a delivery report.
    let inFlight: Gauge

    /// Registers (or finds) the instruments of `clientId`.
    init(clientId: String, registry: MetricsRegistry = .shared) {
        self.clientId = clientId
        self.registry = registry
        let labels = ["client": clientId]
        errors = registry.counter(
            "kafka_producer_errors_total", help: "Client-level errors reported by librdkafka.", labels: labels)
        queueFull = registry.counter(
            "kafka_producer_queue_full_total", help: "Sends that waited because the local queue was full.",
            labels: labels)
        deliveryLatency = registry.histogram(
            "kafka_producer_delivery_seconds", help: "Time from send to the broker's acknowledgement.",
            labels: labels)
        inFlight = registry.gauge(
            "kafka_producer_in_flight", help: "Messages waiting for a delivery report.", labels: labels)
    }

    /// Counts one delivery report.
    func record(topic: String, failed: Bool) {
        let key = OutcomeKey(topic: topic, failed: failed)
        let counter = outcomes.withLock { counters in
            if let counter = counters[key] { return counter }
            let counter = registry.counter(
                failed ? "kafka_producer_failed_total" : "kafka_producer_messages_total",
                help: failed ? "Messages the broker did not acknowledge." : "Messages acknowledged by the broker.",
                labels: ["client": clientId, "topic": topic])
            counters[key] = counter
            return counter
        }
        counter.increment()
    }
}
