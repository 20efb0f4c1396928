import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import ServiceKit
import Testing

/// Sending a group of events together: the call returns once the broker has every one, and a refused event
/// fails the call without holding back the others.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(2)))
struct EventPublisherIntegrationTests {
    @Test func aGroupLandsWholeAndARefusedEventFailsTheCall() async throws {
        _ = IntegrationSupport.runId
        try IntegrationSupport.requireIsolatedTopics()
        let logger = Logger(label: "test", level: .warning)
        let kafka = KafkaConfig.fromEnvironment(clientId: "publisher-it")
        let producer = try KafkaProducer(config: kafka, logger: logger)
        let publisher = EventPublisher(producer: producer)
        let topic = Topics.prefix + "publisher-it-\(UUID().uuidString.prefix(8).lowercased())"
        try await KafkaAdmin.createTopics([TopicSpec(name: topic, partitions: 4)], config: kafka, logger: logger)
        let collector = try Collector(RequestEvent.self, topic: topic)

        @Sendable func event(_ index: Int) throws -> OutboxEvent {
            let requestId = UUID()
            return try OutboxEvent(
                topic: topic, key: requestId.uuidString.lowercased(),
                Envelope(
                    payload: RequestEvent.finished(
                        RequestFinished(
                            requestId: requestId, kind: .image, requesterId: index, state: .done, finishedAt: Date()))))
        }
        try await publisher.publish(all: [])
        let group = try (0..<50).map(event)
        try await publisher.publish(all: group)
        #expect(try await IntegrationSupport.eventually(timeout: .seconds(20)) { collector.all().count >= 50 })
        #expect(Set(collector.all().map(\.id)) == Set(group.map(\.id)))

        // Larger than the producer sends: refused at once, while the events around it still go out.
        let oversized = try OutboxEvent(
            id: UUID(), topic: topic, key: "oversized",
            envelope: #"{"type":"request.finished","padding":""# + String(repeating: "x", count: 2 << 20) + #""}"#)
        let around = [try event(100), oversized, try event(101)]
        await #expect(throws: (any Error).self) { try await publisher.publish(all: around) }
        #expect(try await IntegrationSupport.eventually(timeout: .seconds(20)) { collector.all().count >= 52 })
        let ids = Set(collector.all().map(\.id))
        #expect(ids.contains(around[0].id) && ids.contains(around[2].id) && !ids.contains(oversized.id))
        await producer.close()
    }
}
