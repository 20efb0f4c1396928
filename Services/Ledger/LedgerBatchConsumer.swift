import Foundation
import HordeCore
import Kafka
import Messages

/// Consumes one topic and applies what arrives in batches: one database transaction per batch, then the offsets
/// of every message in it are stored (process-then-commit), so a crash redelivers a whole batch and the event ids
/// make the replay change nothing. Undecodable messages are logged, counted and skipped. On graceful shutdown the
/// batch in hand is finished; buffered messages are left for redelivery.
struct LedgerBatchConsumer<Payload: EnvelopePayload>: Service {
    /// A name for logs and metrics.
    let name: String
    /// The consumer's Kafka settings.
    let config: KafkaConsumerConfig
    /// Where this consumer logs.
    let logger: Logger
    /// The most events per transaction.
    let maxBatch: Int
    /// Applies one batch (already decoded); throwing retries it with backoff.
    let apply: @Sendable ([Envelope<Payload>]) async throws -> Void

    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let buffer = MessageBatchBuffer(capacity: maxBatch * 2)
        let metrics = MetricsRegistry.shared
        let skipped = metrics.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        let retries = metrics.counter(
            "horde_event_handler_retries_total", help: "Handler failures retried", labels: ["consumer": name])
        let batches = metrics.histogram(
            "horde_ledger_batch_seconds", help: "Time to apply one batch", labels: ["consumer": name])
        let logger = self.logger
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in consumer.messages { await buffer.push(message) }
                } catch {
                    if !Task.isCancelled { logger.error("consumer stopped", ["error": "\(error)"]) }
                }
                await buffer.finish()
            }
            group.addTask {
                await gracefulShutdownTriggered()
                await buffer.finish()
            }
            while let messages = await buffer.take(limit: maxBatch) {
                var envelopes: [Envelope<Payload>] = []
                for message in messages {
                    do {
                        envelopes.append(try WireCoding.decode(Payload.self, from: message.value ?? []))
                    } catch {
                        skipped.increment()
                        logger.warning(
                            "skipping undecodable message",
                            ["kafka.topic": message.topic, "kafka.offset": "\(message.offset)", "error": "\(error)"])
                    }
                }
                var backoff = Duration.milliseconds(50)
                while !envelopes.isEmpty {
                    let start = ContinuousClock.now
                    do {
                        try await apply(envelopes)
                        batches.observe(ContinuousClock.now - start)
                        break
                    } catch {
                        if Task.isCancelled { break }
                        retries.increment()
                        logger.warning("batch failed; retrying", ["error": "\(error)", "batch.size": "\(envelopes.count)"])
                        try? await Task.sleep(for: backoff)
                        backoff = min(backoff * 2, .seconds(5))
                    }
                }
                if Task.isCancelled { break }
                for message in messages { _ = try? consumer.storeOffset(message) }
            }
            group.cancelAll()
        }
        await consumer.close()
        logger.info("consumer closed")
    }
}
