import HordeCore
import Synchronization
import Testing

@testable import Kafka

/// Bounds that hold when no broker answers: nothing here needs a broker.
@Suite(.timeLimit(.minutes(1)))
struct KafkaUnreachableBrokerTests {
    /// A port nothing listens on.
    static let nowhere = "127.0.0.1:1"
    static let logger = Logger(label: "kafka.test", level: .critical)

    static func producer(backpressureTimeout: Duration) throws -> KafkaProducer {
        var config = KafkaConfig(brokers: nowhere, clientId: "unreachable")
        config.additional = ["queue.buffering.max.messages": "1", "message.timeout.ms": "60000"]
        return try KafkaProducer(config: config, logger: logger, backpressureTimeout: backpressureTimeout)
    }

    @Test func aFullQueueFailsAfterTheBackpressureBound() async throws {
        let producer = try Self.producer(backpressureTimeout: .milliseconds(300))
        let stuck = Task { try await producer.send(topic: "t", key: nil, value: [1]) }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        await #expect {
            try await producer.send(topic: "t", key: nil, value: [2])
        } throws: { error in
            (error as? KafkaError)?.code == .queueFull
        }
        let waited = start.duration(to: .now)
        #expect(waited >= .milliseconds(250) && waited < .seconds(3))
        await producer.close(flushTimeout: .milliseconds(100))
        await #expect(throws: KafkaError.self) { try await stuck.value }
    }

    @Test func anEnqueueIntoAFullQueueThrowsAtOnceAndCloseAnswersTheCallback() async throws {
        let producer = try Self.producer(backpressureTimeout: .seconds(5))
        let answer = Mutex<Result<Void, any Error>?>(nil)
        try producer.enqueue(topic: "t", key: nil, value: [1]) { outcome in answer.withLock { $0 = outcome } }
        let start = ContinuousClock.now
        #expect {
            try producer.enqueue(topic: "t", key: nil, value: [2]) { _ in Issue.record("a refused message was answered") }
        } throws: { error in
            (error as? KafkaError)?.code == .queueFull
        }
        #expect(start.duration(to: .now) < .milliseconds(200))
        await producer.close(flushTimeout: .milliseconds(100))
        guard case .failure(let error)? = answer.withLock({ $0 }) else {
            Issue.record("the pending message was not answered on close")
            return
        }
        #expect((error as? KafkaError)?.code == .closed)
    }

    @Test func closeFailsSendsStillWaitingAndRefusesNewOnes() async throws {
        let producer = try Self.producer(backpressureTimeout: .seconds(5))
        let pending = Task { try await producer.send(topic: "t", key: "k", value: [1]) }
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        await producer.close(flushTimeout: .milliseconds(200))
        #expect(start.duration(to: .now) < .seconds(5))
        await #expect {
            try await pending.value
        } throws: { error in
            (error as? KafkaError)?.code == .closed
        }
        await #expect {
            try await producer.send(topic: "t", key: nil, value: [])
        } throws: { error in
            (error as? KafkaError)?.code == .closed
        }
    }

    @Test func aCancelledSendStopsWaiting() async throws {
        let producer = try Self.producer(backpressureTimeout: .seconds(5))
        let pending = Task { try await producer.send(topic: "t", key: nil, value: [1]) }
        try await Task.sleep(for: .milliseconds(100))
        pending.cancel()
        await #expect(throws: CancellationError.self) { try await pending.value }
        await producer.close(flushTimeout: .milliseconds(100))
    }

    @Test func aConsumerWithoutBrokerClosesPromptly() async throws {
        let consumer = try KafkaConsumer(
            config: KafkaConsumerConfig(
                kafka: KafkaConfig(brokers: Self.nowhere, clientId: "unreachable"), groupId: "g", topics: ["t"]),
            logger: Self.logger)
        let reader = Task { try await consumer.messages.first { _ in true } }
        try await Task.sleep(for: .milliseconds(300))
        let start = ContinuousClock.now
        await consumer.close()
        #expect(try await reader.value == nil)
        #expect(start.duration(to: .now) < .seconds(10))
    }

    @Test func createTopicsTimesOutWithoutBroker() async throws {
        await #expect {
            try await KafkaAdmin.createTopics(
                [TopicSpec(name: "t", partitions: 1)], config: KafkaConfig(brokers: Self.nowhere),
                logger: Self.logger, timeout: .milliseconds(500))
        } throws: { error in
            guard let error = error as? KafkaError else { return false }
            return error.code == .timeout || error.code == .admin
        }
    }
}
