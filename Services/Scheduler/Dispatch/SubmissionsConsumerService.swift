import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Synchronization

/// Consumes the submissions topic in batches: whatever the consumer has fetched (up to `maxBatch`) is settled
/// together, so a busy horde pays one commit and one round of broker acknowledgements per batch rather than per
/// job. At least once, like the runtime's consumers: the offsets of a batch are stored only after its
/// settlements committed and their events were acknowledged, a failing batch is retried with backoff, and an
/// undecodable message is skipped.
struct SubmissionsConsumerService: Service {
    /// The service name in logs.
    let name = "submissions"
    /// The consumer's settings (group and topic).
    let config: KafkaConsumerConfig
    /// Settles each batch.
    let handler: SubmissionHandler
    /// The most submissions settled in one transaction.
    var maxBatch = 128
    /// Where this component logs.
    let logger: Logger

    /// Consumes until graceful shutdown, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let registry = MetricsRegistry.shared
        let handled = registry.counter(
            "horde_events_handled_total", help: "Events handled", labels: ["consumer": name])
        let skipped = registry.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        let inbox = Inbox(capacity: maxBatch * 4)
        let (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        await withTaskGroup(of: Void.self) { group in
            // The fetching side: messages wait in the inbox until the settling side takes them.
            group.addTask { [logger] in
                do {
                    for try await message in consumer.messages {
                        while inbox.isFull, !Task.isCancelled { try? await Task.sleep(for: .milliseconds(1)) }
                        inbox.put(message)
                        ring.yield()
                    }
                } catch {
                    if !Task.isCancelled { logger.error("consumer stopped", ["error": "\(error)"]) }
                }
                ring.finish()
            }
            // The settling side: one batch at a time, offsets stored in order after each.
            group.addTask { [handler, logger, maxBatch] in
                for await _ in doorbell {
                    while !inbox.stopping.load(ordering: .acquiring) {
                        let messages = inbox.take(max: maxBatch)
                        guard !messages.isEmpty else { break }
                        var envelopes: [Envelope<SubmissionMessage>] = []
                        for message in messages {
                            if let envelope = try? WireCoding.decode(SubmissionMessage.self, from: message.value ?? []) {
                                envelopes.append(envelope)
                            } else {
                                skipped.increment()
                                logger.warning(
                                    "skipping undecodable message",
                                    ["kafka.topic": message.topic, "kafka.offset": "\(message.offset)"])
                            }
                        }
                        var backoff = Duration.milliseconds(50)
                        while true {
                            do {
                                try await handler.handle(batch: envelopes)
                                break
                            } catch {
                                if Task.isCancelled { inbox.finishHandling(); return }
                                logger.warning(
                                    "handler failed; retrying",
                                    ["batch.size": "\(envelopes.count)", "error": "\(error)"])
                                try? await Task.sleep(for: backoff)
                                if Task.isCancelled { inbox.finishHandling(); return }
                                backoff = min(backoff * 2, .seconds(5))
                            }
                        }
                        for message in messages { _ = try? consumer.storeOffset(message) }
                        handled.increment(by: envelopes.count)
                        inbox.finishHandling()
                    }
                    if inbox.stopping.load(ordering: .acquiring) { return }
                }
            }
            group.addTask {
                await gracefulShutdownTriggered()
                inbox.stopping.store(true, ordering: .releasing)
                // Let the batch in hand complete, bounded; the rest is redelivered.
                let deadline = ContinuousClock.now + .seconds(10)
                while inbox.handling, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            await group.next()
            group.cancelAll()
        }
        await consumer.close()
        logger.info("consumer closed")
    }

    /// Fetched messages not yet settled, and whether a batch is being settled.
    private final class Inbox: Sendable {
        private struct State {
            var messages: [KafkaMessage] = []
            var handling = false
        }
        private let state = Mutex(State())
        private let capacity: Int
        /// Shutdown began: finish the batch in hand, take no other.
        let stopping = Atomic<Bool>(false)

        /// An empty inbox that counts as full at `capacity` messages.
        init(capacity: Int) { self.capacity = capacity }

        /// Holds as many messages as it should: the fetching side waits.
        var isFull: Bool { state.withLock { $0.messages.count >= capacity } }

        /// A batch is being settled.
        var handling: Bool { state.withLock { $0.handling } }

        /// Adds a fetched message.
        func put(_ message: KafkaMessage) { state.withLock { $0.messages.append(message) } }

        /// The oldest `max` messages, marking a batch in hand when there are any.
        func take(max: Int) -> [KafkaMessage] {
            state.withLock { state in
                let batch = Array(state.messages.prefix(max))
                state.messages.removeFirst(batch.count)
                state.handling = !batch.isEmpty
                return batch
            }
        }

        /// The batch in hand is done with.
        func finishHandling() { state.withLock { $0.handling = false } }
    }
}
