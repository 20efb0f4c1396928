import Foundation
import HordeCore
import Kafka
import Messages
import Testing

/// Reads one topic from the beginning in a group of its own, for asserting on what the gateway published.
final class TopicReader<Payload: EnvelopePayload>: Sendable {
    private let consumer: KafkaConsumer

    init(_ topic: TopicDescriptor, kafka: KafkaConfig, logger: Logger) throws {
        consumer = try KafkaConsumer(
            config: KafkaConsumerConfig(
                kafka: kafka, groupId: "\(topic.name)-reader-\(UUID().uuidString.prefix(8))", topics: [topic.name]),
            logger: logger)
    }

    /// The first envelope matching `predicate` within `timeout`, or nil.
    func first(
        timeout: Duration = .seconds(30), where predicate: @escaping @Sendable (Envelope<Payload>) -> Bool
    ) async throws -> Envelope<Payload>? {
        let consumer = self.consumer
        return try await withThrowingTaskGroup(of: Envelope<Payload>?.self) { group in
            group.addTask {
                for try await message in consumer.messages {
                    guard let bytes = message.value,
                        let envelope = try? WireCoding.decode(Payload.self, from: bytes)
                    else { continue }
                    if predicate(envelope) { return envelope }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let found = try await group.next() ?? nil
            group.cancelAll()
            return found
        }
    }

    func close() async { await consumer.close() }
}
