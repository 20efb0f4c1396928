import Foundation
import HordeCore
import Testing

@testable import Kafka

/// The scenarios against the real broker at `HORDE_KAFKA_BROKERS` (Tansu in the local stack).
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil), .serialized, .timeLimit(.minutes(5)))
struct KafkaIntegrationTests {
    let broker = KafkaTestBroker.real()

    /// Creating an existing topic is success; deleting really deletes (a new create creates again).
    @Test func createTopicsIsIdempotentAndDeleteDeletes() async throws {
        let name = KafkaTestBroker.uniqueName("admin")
        let spec = TopicSpec(name: name, partitions: 3)
        let sink = MemorySink()
        let logger = Logger(label: "kafka.test", level: .debug, sink: sink)
        func outcomes() -> [String] {
            sink.all.filter { $0.contains(name) }.compactMap { line in
                ["topic created", "topic already exists"].first { line.contains($0) }
            }
        }
        try await KafkaAdmin.createTopics([spec], config: broker.config(), logger: logger)
        try await KafkaAdmin.createTopics([spec], config: broker.config(), logger: logger)
        #expect(outcomes() == ["topic created", "topic already exists"])
        try await KafkaAdmin.deleteTopics([name], config: broker.config(), logger: logger)
        try await KafkaAdmin.createTopics([spec], config: broker.config(), logger: logger)
        #expect(outcomes() == ["topic created", "topic already exists", "topic created"])
        try await KafkaAdmin.deleteTopics([name], config: broker.config(), logger: logger)
    }

    @Test func roundTripWithKeysHeadersAndTombstones() async throws {
        try await KafkaScenarios.roundTrip(broker)
    }

    @Test func enqueuedMessagesGetOneCallbackEach() async throws {
        try await KafkaScenarios.enqueuedWithCallbacks(broker)
    }

    @Test func orderingPerKey() async throws {
        try await KafkaScenarios.orderingPerKey(broker)
    }

    @Test func rebalanceBetweenTwoMembers() async throws {
        try await KafkaScenarios.rebalance(broker)
    }

    @Test func cooperativeRebalanceBetweenTwoMembers() async throws {
        try await KafkaScenarios.rebalance(broker, cooperative: true)
    }

    @Test func redeliveryWhenOffsetsWereNotStored() async throws {
        try await KafkaScenarios.redeliveryWithoutStore(broker)
    }

    @Test func redeliveryAfterACrash() async throws {
        try await KafkaScenarios.redeliveryAfterCrash(broker)
    }

    @Test func committedMessagesAreNotRedelivered() async throws {
        try await KafkaScenarios.committedNotRedelivered(broker)
    }

    @Test func producerBackpressure() async throws {
        try await KafkaScenarios.backpressure(broker)
    }

    @Test func shutdownAndCancellation() async throws {
        try await KafkaScenarios.shutdownAndCancellation(broker)
    }

    /// One produce→consume hop at a time, 1,000 times; prints p50/p99 and fails only if the hop is absurdly slow.
    @Test func produceToConsumeLatency() async throws {
        let summary = try await KafkaLatencyProbe.measure(broker, hops: 1000)
        print("kafka hop latency on \(broker.bootstrapServers): \(summary)")
        #expect(summary.p50 < .milliseconds(100))
    }

    /// 20,000 messages from 200 concurrent senders; prints the acknowledged rate.
    @Test func producerThroughput() async throws {
        try await broker.withTopic("throughput", partitions: 4) { topic in
            let producer = try broker.makeProducer()
            let payload = [UInt8](repeating: 7, count: 256)
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in 0..<200 {
                    group.addTask {
                        for index in 0..<100 {
                            try await producer.send(topic: topic, key: "s\(sender)-\(index % 8)", value: payload)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = start.duration(to: .now)
            await producer.close()
            let rate = 20_000 / elapsed.seconds
            print("kafka producer throughput on \(broker.bootstrapServers): \(Int(rate)) acknowledged messages/s")
            #expect(rate > 500)
        }
    }
}
