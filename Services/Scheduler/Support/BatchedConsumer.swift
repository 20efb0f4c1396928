import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Synchronization

/// A decoded message of a batch: its envelope and the partition it arrived on.
struct BatchItem<Payload: EnvelopePayload>: Sendable {
    /// The decoded message.
    var envelope: Envelope<Payload>
    /// The topic partition it came from.
    var partition: Int
}

/// Consumes a topic in batches: whatever the consumer has fetched (up to `maxBatch`) is handed over together, so
/// a busy horde pays one statement, one commit and one round of broker acknowledgements per batch rather than per
/// message. At least once, like the runtime's consumers: a batch's offsets are stored only after its handler
/// returned, a failing batch is retried with backoff, and an undecodable message is skipped.
struct BatchedConsumer<Payload: EnvelopePayload>: Sendable {
    /// The consumer's name in logs and metrics.
    let name: String
    /// The most messages handled together.
    let maxBatch: Int
    /// Where this component logs.
    let logger: Logger

    /// Consumes until graceful shutdown (the batch in hand completes, bounded), then closes the consumer.
    /// `alongside` runs for as long (the requests consumer follows its rebalances there).
    func run(
        _ consumer: KafkaConsumer,
        alongside: (@Sendable () async -> Void)? = nil,
        handle: @escaping @Sendable ([BatchItem<Payload>]) async throws -> Void
    ) async {
        let registry = MetricsRegistry.shared
        let handled = registry.counter(
            "horde_events_handled_total", help: "Events handled", labels: ["consumer": name])
        let skipped = registry.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        let inbox = Inbox(capacity: maxBatch * 4)
        let (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let logger = self.logger
        let maxBatch = self.maxBatch
        await withTaskGroup(of: Void.self) { group in
            if let alongside { group.addTask { await alongside() } }
            // The fetching side: messages wait in the inbox until the handling side takes them.
            group.addTask {
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
            // The handling side: one batch at a time, offsets stored in order after each.
            group.addTask {
                for await _ in doorbell {
                    while !inbox.stopping.load(ordering: .acquiring) {
                        let messages = inbox.take(max: maxBatch)
                        guard !messages.isEmpty else { break }
                        var items: [BatchItem<Payload>] = []
                        items.reserveCapacity(messages.count)
                        for message in messages {
                            if let envelope = try? WireCoding.decode(Payload.self, from: message.value ?? []) {
                                items.append(BatchItem(envelope: envelope, partition: Int(message.partition)))
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
                                try await handle(items)
                                break
                            } catch {
                                if Task.isCancelled { inbox.finishHandling(); return }
                                logger.warning(
                                    "handler failed; retrying", ["batch.size": "\(items.count)", "error": "\(error)"])
                                try? await Task.sleep(for: backoff)
                                if Task.isCancelled { inbox.finishHandling(); return }
                                backoff = min(backoff * 2, .seconds(5))
                            }
                        }
                        for message in messages { _ = try? consumer.storeOffset(message) }
                        handled.increment(by: items.count)
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
            // The first task to end (shutdown, or the message loop) ends the others.
            await group.next()
            await consumer.close()
            group.cancelAll()
        }
        logger.info("consumer closed")
    }

    /// Fetched messages not yet handled, and whether a batch is being handled.
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

        /// A batch is being handled.
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
