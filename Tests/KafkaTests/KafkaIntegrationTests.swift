import Foundation
import Testing
@testable import Kafka

/// The scenarios against the real broker at `HORDE_KAFKA_BROKERS` (Tansu in the local stack).
@Suite(
    .enabled(if: ProcessInfo.processInfo.environment["HORDE_IT"] != nil), .serialized, .timeLimit(.minutes(5)))
struct KafkaIntegrationTests {
    let broker = KafkaTestBroker.real()

    @Test func createTopicsTwiceSucceeds() async throws {
        let name = KafkaTestBroker.uniqueName("admin")
        let spec = TopicSpec(name: name, partitions: 3)
        try await KafkaAdmin.createTopics([spec], config: broker.config(), logger: broker.logger)
        try await KafkaAdmin.createTopics([spec], config: broker.config(), logger: broker.logger)
        try await KafkaAdmin.deleteTopics([name], config: broker.config(), logger: broker.logger)
    }

    @Test func roundTripWithKeysHeadersAndTombstones() async throws {
        try await KafkaScenarios.roundTrip(broker)
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
}
