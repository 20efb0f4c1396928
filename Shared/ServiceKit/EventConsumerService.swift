import Foundation
import HordeCore
import Kafka
import Messages
import Synchronization

/// Consumes one topic in a consumer group and hands each decoded envelope to `handle`, at least once.
///
/// The offset is stored only after `handle` returns, so a crash redelivers the message and handlers must be
/// idempotent on the envelope id. A failing handler is retried with backoff (a database outage pauses
/// consumption instead of skipping messages); a message that cannot be decoded is logged, counted and skipped,
/// because no retry can fix it. On graceful shutdown the message in hand is finished, then the consumer leaves
/// its group cleanly.
package struct EventConsumerService<Payload: EnvelopePayload>: Service {
    package let name: String
    private let config: KafkaConsumerConfig
    private let logger: Logger
    private let handle: @Sendable (Envelope<Payload>, KafkaMessage) async throws -> Void
    private let maxBackoff: Duration

    package init(
        name: String, config: KafkaConsumerConfig, logger: Logger, maxBackoff: Duration = .seconds(5),
        handle: @escaping @Sendable (Envelope<Payload>, KafkaMessage) async throws -> Void
    ) {
        self.name = name
        self.config = config
        self.logger = logger.with("consumer", name)
        self.handle = handle
        self.maxBackoff = maxBackoff
    }

    private enum Phase { case waiting, handling }

    /// What the consuming task and the shutdown watcher share; a class so both tasks can hold it (the
    /// synchronization primitives inside make every access safe).
    private final class LoopState: Sendable {
        let phase = Mutex(Phase.waiting)
        let stopping = Atomic<Bool>(false)
    }

    package func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let metrics = MetricsRegistry.shared
        let handled = metrics.counter("horde_events_handled_total", help: "Events handled", labels: ["consumer": name])
        let skipped = metrics.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        let retries = metrics.counter(
            "horde_event_handler_retries_total", help: "Handler failures retried", labels: ["consumer": name])
        let latency = metrics.histogram(
            "horde_event_handle_seconds", help: "Time to handle one event", labels: ["consumer": name])
        let loop = LoopState()

        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in consumer.messages {
                        loop.phase.withLock { $0 = .handling }
                        defer { loop.phase.withLock { $0 = .waiting } }
                        let envelope: Envelope<Payload>
                        do {
                            envelope = try WireCoding.decode(Payload.self, from: message.value ?? [])
                        } catch {
                            skipped.increment()
                            logger.warning(
                                "skipping undecodable message",
                                ["kafka.topic": message.topic, "kafka.offset": "\(message.offset)", "error": "\(error)"])
                            _ = try? consumer.storeOffset(message)
                            continue
                        }
                        var backoff = Duration.milliseconds(50)
                        while true {
                            let start = ContinuousClock.now
                            do {
                                try await handle(envelope, message)
                                latency.observe(ContinuousClock.now - start)
                                break
                            } catch {
                                if Task.isCancelled { return }
                                retries.increment()
                                logger.warning(
                                    "handler failed; retrying",
                                    ["event.id": envelope.id.uuidString, "event.type": envelope.type, "error": "\(error)"])
                                try? await Task.sleep(for: backoff)
                                if Task.isCancelled { return }
                                backoff = min(backoff * 2, maxBackoff)
                            }
                        }
                        try consumer.storeOffset(message)
                        handled.increment()
                        if loop.stopping.load(ordering: .acquiring) { return }
                    }
                } catch {
                    if !Task.isCancelled { logger.error("consumer stopped", ["error": "\(error)"]) }
                }
            }
            group.addTask {
                await gracefulShutdownTriggered()
                loop.stopping.store(true, ordering: .releasing)
                // Idle: nothing to finish. Busy: let the message in hand complete, bounded.
                let deadline = ContinuousClock.now + .seconds(10)
                while loop.phase.withLock({ $0 }) == .handling, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
            await group.next()
            group.cancelAll()
        }
        await consumer.close()
        logger.info("consumer closed")
    }
}
