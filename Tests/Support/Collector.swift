import Foundation
import HordeCore
import Kafka
import Messages
import Synchronization

/// Collects every envelope of one topic (its own consumer group, from the earliest offset).
package final class Collector<Payload: EnvelopePayload>: Sendable {
    private let consumer: KafkaConsumer
    private let received: Received
    private let task: Task<Void, Never>

    private final class Received: Sendable {
        let envelopes = Mutex<[Envelope<Payload>]>([])
    }

    package init(_ payload: Payload.Type, topic: String) throws {
        let config = KafkaConsumerConfig(
            kafka: KafkaConfig.fromEnvironment(clientId: "horde-tests"),
            groupId: "\(IntegrationSupport.runId)-collector-\(UUID().uuidString.prefix(8))", topics: [topic])
        let consumer = try KafkaConsumer(config: config, logger: Logger(label: "test", level: .warning))
        let received = Received()
        self.consumer = consumer
        self.received = received
        self.task = Task {
            do {
                for try await message in consumer.messages {
                    guard let bytes = message.value, let envelope = try? WireCoding.decode(Payload.self, from: bytes)
                    else { continue }
                    received.envelopes.withLock { $0.append(envelope) }
                }
            } catch {}
        }
    }

    /// Every envelope received so far that satisfies `predicate`.
    package func all(_ predicate: (Envelope<Payload>) -> Bool = { _ in true }) -> [Envelope<Payload>] {
        received.envelopes.withLock { $0.filter(predicate) }
    }

    /// The first envelope satisfying `predicate`, waiting up to `timeout` for it.
    package func first(timeout: Duration = .seconds(30), _ predicate: @escaping @Sendable (Envelope<Payload>) -> Bool)
        async throws -> Envelope<Payload>?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = received.envelopes.withLock({ $0.first(where: predicate) }) { return match }
            try await Task.sleep(for: .milliseconds(20))
        }
        return received.envelopes.withLock { $0.first(where: predicate) }
    }

    package func close() async {
        await consumer.close()
        await task.value
    }
}
