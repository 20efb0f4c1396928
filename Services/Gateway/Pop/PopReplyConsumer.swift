import Foundation
import HordeCore
import Kafka
import Messages

/// Reads `Topics.popReplies` in this replica's own consumer group (`gateway-<instanceId>`, starting at the
/// latest offset: replies older than this process are of no use) and hands replies addressed to this replica
/// to the `PopReplyRouter`. `ready` flips once the group assigned the partitions, so `/readyz` does not admit
/// pops whose replies could be missed.
struct PopReplyConsumer: Service {
    /// The service name in logs.
    let name = "pop-replies"
    private let config: KafkaConsumerConfig
    private let instanceId: String
    private let router: PopReplyRouter
    private let ready: ReadyFlag
    private let logger: Logger

    /// A consumer for this replica (`instanceId`) that flips `ready` once assigned.
    init(kafka: KafkaConfig, instanceId: String, router: PopReplyRouter, ready: ReadyFlag, logger: Logger) {
        var config = KafkaConsumerConfig(
            kafka: kafka, groupId: Self.groupId(instanceId: instanceId), topics: [Topics.popReplies.name])
        config.autoOffsetReset = "latest"
        self.config = config
        self.instanceId = instanceId
        self.router = router
        self.ready = ready
        self.logger = logger.with("consumer", "pop-replies")
    }

    /// The replica's own group (with the deployment's topic prefix, so test runs sharing a broker stay apart).
    static func groupId(instanceId: String) -> String { "\(Topics.prefix)gateway-\(instanceId)" }

    /// Consumes until graceful shutdown or cancellation, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let skipped = MetricsRegistry.shared.counter(
            "horde_events_undecodable_total", help: "Events skipped because they could not be decoded",
            labels: ["consumer": name])
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [ready, logger] in
                for await event in consumer.rebalanceEvents {
                    if case .assigned(let partitions) = event, !partitions.isEmpty {
                        if !ready.isSet { logger.info("pop replies assigned", ["partitions": "\(partitions.count)"]) }
                        ready.set()
                    }
                }
            }
            group.addTask {
                await gracefulShutdownTriggered()
                await consumer.close()
            }
            do {
                for try await message in consumer.messages {
                    defer { _ = try? consumer.storeOffset(message) }
                    guard let bytes = message.value,
                        let envelope = try? WireCoding.decode(PopReplyMessage.self, from: bytes)
                    else {
                        skipped.increment()
                        continue
                    }
                    guard case .reply(let reply) = envelope.payload, reply.replyTo == instanceId else { continue }
                    router.deliver(reply)
                }
            } catch {
                if !Task.isCancelled { logger.error("pop reply consumer stopped", ["error": "\(error)"]) }
            }
            group.cancelAll()
        }
        await consumer.close()
    }
}
