import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Testing

@testable import Scheduler

/// Two scheduler instances in one consumer group split the queue by requests-topic partition: every waiting
/// request is indexed by exactly one of them, and the survivor takes over the other's requests when it leaves.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct SchedulerPartitionIntegrationTests {
    typealias S = SchedulerIntegrationTests
    typealias Support = IntegrationSupport

    /// Which of the two instances index each request (both, one, or none).
    static func owners(_ ids: [UUID], _ first: RunningScheduler, _ second: RunningScheduler) async -> [Int] {
        var owners: [Int] = []
        for id in ids {
            let a = await first.app.queue.entry(id) != nil
            let b = await second.app.queue.entry(id) != nil
            owners.append((a ? 1 : 0) + (b ? 1 : 0))
        }
        return owners
    }

    @Test func twoInstancesSplitTheRequestsByPartition() async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-partitions-\(UUID().uuidString.prefix(8))"
        let topics = SchedulerTopics(scope: Support.scope())
        let first = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        let second = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        let events = try Collector(RequestEvent.self, topic: topics.requestEvents)
        let model = "model-\(UUID().uuidString.prefix(8))"
        let requests = (0..<12).map { _ in S.request(model: model) }
        for request in requests { try await S.send(first, request) }
        for request in requests { #expect(try await S.queued(request, in: events)) }
        let ids = requests.map(\.requestId)

        // Once the group settled, each request sits in exactly one index, and both instances hold some.
        let split = try await Support.eventually(timeout: .seconds(40)) {
            let owners = await Self.owners(ids, first, second)
            var inFirst = 0
            for id in ids where await first.app.queue.entry(id) != nil { inFirst += 1 }
            return owners.allSatisfy { $0 == 1 } && inFirst > 0 && inFirst < ids.count
        }
        let owners = await Self.owners(ids, first, second)
        #expect(split, "indexes per request: \(owners)")

        // The survivor is assigned every partition and loads the other's requests from Postgres.
        await second.stop()
        let tookOver = try await Support.eventually(timeout: .seconds(40)) {
            for id in ids where await first.app.queue.entry(id) == nil { return false }
            return true
        }
        #expect(tookOver)
        await first.stop()
        await events.close()
        await Support.dropDatabase(database)
    }
}
