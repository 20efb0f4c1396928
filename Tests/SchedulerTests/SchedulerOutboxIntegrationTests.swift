import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Scheduler

/// The scheduler's outbox on the shared outbox table code: events written in a transaction reach their topic on
/// the next drain, once each, one request's in order, and leave the table.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(2)))
struct SchedulerOutboxIntegrationTests {
    @Test func aDrainPublishesEachEventOnceInOrderPerRequestAndEmptiesTheOutbox() async throws {
        _ = IntegrationSupport.runId
        try IntegrationSupport.requireIsolatedTopics()
        let logger = Logger(label: "test", level: .warning)
        let database = try await IntegrationSupport.createDatabase()
        let pool = PostgresPool(
            config: PostgresConfig(url: IntegrationSupport.url(database: database)), logger: logger)
        let kafka = KafkaConfig.fromEnvironment(clientId: "outbox-it")
        let producer = try KafkaProducer(config: kafka, logger: logger)
        let topic = Topics.prefix + "outbox-it-\(UUID().uuidString.prefix(8).lowercased())"
        try await KafkaAdmin.createTopics([TopicSpec(name: topic, partitions: 2)], config: kafka, logger: logger)
        let collector = try Collector(RequestEvent.self, topic: topic)
        do {
            try await Migrator.migrate(pool, schema: "scheduler", migrations: SchedulerMigrations.all, logger: logger)
            let first = UUID(), second = UUID(), now = Date()
            // Events of one transaction share created_at; the event id orders them.
            let early = try #require(UUID(uuidString: "00000000-0000-4000-8000-000000000001"))
            let late = try #require(UUID(uuidString: "00000000-0000-4000-8000-000000000002"))
            let other = UUID()
            @Sendable func finished(_ id: UUID, _ state: RequestFinished.State) -> RequestEvent {
                .finished(RequestFinished(requestId: id, kind: .image, requesterId: 1, state: state, finishedAt: now))
            }
            try await pool.withTransaction { connection in
                try await Outbox.insert(
                    [(late, finished(first, .done)), (early, finished(first, .cancelled))], topic: topic, key: first,
                    at: now, connection)
                try await Outbox.insert([(other, finished(second, .expired))], topic: topic, key: second, at: now, connection)
                // Written again (a retried transaction): still one row.
                try await Outbox.insert([(other, finished(second, .expired))], topic: topic, key: second, at: now, connection)
            }
            #expect(try await Outbox.table.count(pool) == 3)

            #expect(try await Outbox.drain(pool: pool, publisher: EventPublisher(producer: producer)) == 3)
            #expect(try await Outbox.table.count(pool) == 0)
            #expect(try await Outbox.drain(pool: pool, publisher: EventPublisher(producer: producer)) == 0)

            let all = try await IntegrationSupport.eventually(timeout: .seconds(20)) { collector.all().count >= 3 }
            #expect(all)
            try await Task.sleep(for: .milliseconds(300))
            let received = collector.all()
            let receivedIds = received.map(\.id)
            #expect(receivedIds.count == 3, "each event once")
            #expect(Set(receivedIds) == [early, late, other])
            #expect(received.filter { $0.payload.requestId == first }.map(\.id) == [early, late])
            #expect(received.first { $0.id == other }?.type == "request.finished")
        } catch {
            Issue.record(error)
        }
        await collector.close()
        await producer.close()
        await pool.close()
        await IntegrationSupport.dropDatabase(database)
    }
}
