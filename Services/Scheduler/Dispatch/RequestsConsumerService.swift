import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Synchronization

/// Consumes the requests topic like the runtime's consumers do (at least once: the offset is stored after the
/// handler returns, a failing handler is retried with backoff, an undecodable message is skipped), and also
/// follows the group's rebalances, so the index holds exactly the requests of this instance's partitions.
struct RequestsConsumerService: Service {
    /// The service name in logs.
    let name = "requests"
    /// The consumer's settings (group and topic).
    let config: KafkaConsumerConfig
    /// Handles each command.
    let handler: RequestCommandHandler
    /// Follows the assignment.
    let ownership: RequestPartitionOwnership
    /// Where this component logs.
    let logger: Logger

    /// Consumes until graceful shutdown, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let skipped = MetricsRegistry.shared.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        let loop = LoopState()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [ownership] in
                for await event in consumer.rebalanceEvents { await ownership.apply(event) }
            }
            group.addTask { [handler, logger] in
                do {
                    for try await message in consumer.messages {
                        loop.handling.withLock { $0 = true }
                        defer { loop.handling.withLock { $0 = false } }
                        guard let envelope = try? WireCoding.decode(RequestCommand.self, from: message.value ?? [])
                        else {
                            skipped.increment()
                            logger.warning(
                                "skipping undecodable message",
                                ["kafka.topic": message.topic, "kafka.offset": "\(message.offset)"])
                            _ = try? consumer.storeOffset(message)
                            continue
                        }
                        var backoff = Duration.milliseconds(50)
                        while !Task.isCancelled {
                            do {
                                try await handler.handle(envelope, partition: Int(message.partition))
                                break
                            } catch {
                                logger.warning(
                                    "handler failed; retrying", ["event.id": envelope.id.uuidString, "error": "\(error)"])
                                try? await Task.sleep(for: backoff)
                                backoff = min(backoff * 2, .seconds(5))
                            }
                        }
                        if Task.isCancelled { return }
                        _ = try? consumer.storeOffset(message)
                        if loop.stopping.load(ordering: .acquiring) { return }
                    }
                } catch {
                    if !Task.isCancelled { logger.error("consumer stopped", ["error": "\(error)"]) }
                }
            }
            group.addTask {
                await gracefulShutdownTriggered()
                loop.stopping.store(true, ordering: .releasing)
                // Let the message in hand complete, bounded.
                let deadline = ContinuousClock.now + .seconds(10)
                while loop.handling.withLock({ $0 }), ContinuousClock.now < deadline {
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

    /// What the consuming task and the shutdown watcher share.
    private final class LoopState: Sendable {
        /// A message is being handled.
        let handling = Mutex(false)
        /// Shutdown began: finish the message in hand, take no other.
        let stopping = Atomic<Bool>(false)
    }
}
