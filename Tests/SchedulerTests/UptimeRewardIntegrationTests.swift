import Domain
import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Testing

@testable import Scheduler

/// Uptime rewards inside a real scheduler: pops on the pops topic start a worker's clock, and the completed period
/// reaches the ledger's command topic as a grant whose envelope id is the deterministic reward id.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(2)))
struct UptimeRewardIntegrationTests {
    typealias Support = IntegrationSupport

    @Test func aCompletedPeriodReachesTheLedgerTopicWithItsDeterministicId() async throws {
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-uptime-\(UUID().uuidString.prefix(8))"
        let scheduler = try await RunningScheduler.start(
            database: database, consumerGroup: group, topics: SchedulerTopics(scope: Support.scope()),
            ["HORDE_UPTIME_INTERVAL": "1s", "HORDE_UPTIME_CHECK_INTERVAL": "100ms"])
        let ledgerTopic = SchedulerTopics.name(Topics.ledgerCommands, scheduler.topics.scope)
        try await KafkaAdmin.createTopics(
            [TopicSpec(name: ledgerTopic, partitions: Topics.ledgerCommands.partitions)],
            config: scheduler.app.runtime.config.kafka, logger: scheduler.app.runtime.logger)
        let grants = try Collector(LedgerCommand.self, topic: ledgerTopic)
        do {
            let worker = Fixtures.worker(models: ["a", "b"], ownerId: 31)
            let workerId = worker.workerId
            let pop = { Fixtures.pop(worker, waitMilliseconds: 0) }
            let key = workerId.uuidString.lowercased()
            try await scheduler.send(PopCommand.pop(pop()), to: scheduler.topics.pops, key: key)
            #expect(try await Support.eventually { await scheduler.app.uptime.trackedCount == 1 })
            try await Task.sleep(for: .milliseconds(1100))
            try await scheduler.send(PopCommand.pop(pop()), to: scheduler.topics.pops, key: key)
            let envelope = try #require(
                try await grants.first {
                    if case .grant(let grant) = $0.payload { return grant.workerId == workerId }
                    return false
                })
            guard case .grant(let grant) = envelope.payload else { throw CancellationError() }
            #expect(grant.kind == .uptime)
            #expect(grant.userId == 31)
            #expect(grant.amount == 54)
            #expect(envelope.id == grant.eventId)
            #expect(grant.eventId == UptimeReward.eventId(workerId: workerId, end: grant.at, intervalSeconds: 1))
        } catch {
            await scheduler.stop()
            await grants.close()
            await Support.dropDatabase(database)
            throw error
        }
        await scheduler.stop()
        await grants.close()
        await Support.dropDatabase(database)
    }
}
