import Testing

@testable import Kafka

/// The scenarios against librdkafka's in-process mock cluster: no infrastructure needed.
@Suite(.timeLimit(.minutes(3)))
struct KafkaMockClusterTests {
    @Test func roundTripWithKeysHeadersAndTombstones() async throws {
        try await KafkaScenarios.roundTrip(.mock())
    }

    @Test func enqueuedMessagesGetOneCallbackEach() async throws {
        try await KafkaScenarios.enqueuedWithCallbacks(.mock(brokers: 3))
    }

    @Test func orderingPerKey() async throws {
        try await KafkaScenarios.orderingPerKey(.mock(brokers: 3))
    }

    @Test func rebalanceBetweenTwoMembers() async throws {
        try await KafkaScenarios.rebalance(.mock())
    }

    @Test func cooperativeRebalanceBetweenTwoMembers() async throws {
        try await KafkaScenarios.rebalance(.mock(), cooperative: true)
    }

    @Test func redeliveryWhenOffsetsWereNotStored() async throws {
        try await KafkaScenarios.redeliveryWithoutStore(.mock())
    }

    @Test func redeliveryAfterACrash() async throws {
        try await KafkaScenarios.redeliveryAfterCrash(.mock())
    }

    @Test func committedMessagesAreNotRedelivered() async throws {
        try await KafkaScenarios.committedNotRedelivered(.mock())
    }

    @Test func producerBackpressure() async throws {
        try await KafkaScenarios.backpressure(.mock())
    }

    @Test func shutdownAndCancellation() async throws {
        try await KafkaScenarios.shutdownAndCancellation(.mock())
    }
}
