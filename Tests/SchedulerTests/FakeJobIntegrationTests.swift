import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import Testing

@testable import Scheduler

/// Paused workers' fake jobs through a running scheduler (Postgres, Kafka): the payload without the work, and the
/// request never again for that worker.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct FakeJobIntegrationTests {
    typealias S = SchedulerIntegrationTests

    static func pausedWorker(model: String) -> WorkerProfile {
        var worker = S.worker(model: model)
        worker.paused = true
        return worker
    }

    static func fakeJobs(_ scheduler: RunningScheduler, _ requestId: UUID) async throws -> [(UUID, UUID)] {
        try await scheduler.postgres.query(
            "SELECT id, worker_id FROM scheduler.fake_jobs WHERE request_id = \(requestId) ORDER BY batch_index"
        ).map { (try $0.decode("id", as: UUID.self), try $0.decode("worker_id", as: UUID.self)) }
    }

    @Test func aPausedWorkerGetsAFakeJobOnceAndOthersStillGetTheRequest() async throws {
        try await S.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = S.request(model: model, n: 1)
            try await S.send(scheduler, request)
            #expect(try await S.queued(request, in: events))

            let paused = Self.pausedWorker(model: model)
            let tricked = S.pop(paused, on: scheduler)
            try await S.send(scheduler, tricked)
            let fake = try #require(try await S.reply(to: tricked, in: replies)?.assignment)
            #expect(fake.requestId == request.requestId)
            #expect(fake.jobIds == [FakeJobs.jobId(pop: tricked.popId, index: 0)])
            #expect(fake.payload["prompt"] == "a lighthouse")
            // Nothing was taken from the request, no real job exists, and the fake one is on record.
            #expect(try await S.requestRow(scheduler, request.requestId)?.waiting == 1)
            #expect(try await S.jobStates(scheduler, request.requestId).isEmpty)
            #expect(try await Self.fakeJobs(scheduler, request.requestId).map(\.1) == [paused.workerId])

            let again = S.pop(paused, on: scheduler)
            try await S.send(scheduler, again)
            let second = try #require(try await S.reply(to: again, in: replies))
            #expect(second.assignment == nil)

            let honest = S.worker(model: model)
            let real = S.pop(honest, on: scheduler)
            try await S.send(scheduler, real)
            let assignment = try #require(try await S.reply(to: real, in: replies)?.assignment)
            #expect(assignment.requestId == request.requestId)
            #expect(try await S.requestRow(scheduler, request.requestId)?.waiting == 0)
            // Only the real pop was announced (wait for its announcement, then count them all).
            let realStarted = SchedulerEventIDs.jobsStarted(real.popId)
            #expect(try await events.first { $0.id == realStarted } != nil)
            let started = events.all {
                if case .jobsStarted(let started) = $0.payload { return started.requestId == request.requestId }
                return false
            }
            #expect(started.count == 1)
            #expect(started.first?.id == SchedulerEventIDs.jobsStarted(real.popId))
        }
    }

    @Test func aPausedWorkerStillGetsItsOwnersRequestsForReal() async throws {
        try await S.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            var owners = S.request(model: model, n: 1)
            owners.userId = 77
            try await S.send(scheduler, owners)
            #expect(try await S.queued(owners, in: events))
            let pop = S.pop(Self.pausedWorker(model: model), on: scheduler)
            try await S.send(scheduler, pop)
            let assignment = try #require(try await S.reply(to: pop, in: replies)?.assignment)
            #expect(assignment.jobIds == [SchedulerEventIDs.job(pop: pop.popId, index: 0)])
            #expect(try await S.requestRow(scheduler, owners.requestId)?.waiting == 0)
            #expect(try await Self.fakeJobs(scheduler, owners.requestId).isEmpty)
        }
    }

    @Test func theTrickedPairSurvivesARestart() async throws {
        let support = IntegrationSupport.self
        _ = support.runId
        try support.requireIsolatedTopics()
        let database = try await support.createDatabase()
        let group = "\(support.runId)-scheduler-\(UUID().uuidString.prefix(8))"
        let topics = SchedulerTopics(scope: support.scope())
        let model = "model-\(UUID().uuidString.prefix(8))"
        let request = S.request(model: model, n: 2)
        let paused = Self.pausedWorker(model: model)

        let first = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        let events = try Collector(RequestEvent.self, topic: topics.requestEvents)
        let replies = try Collector(PopReplyMessage.self, topic: topics.workerJobs)
        try await S.send(first, request)
        #expect(try await S.queued(request, in: events))
        let pop = S.pop(paused, on: first)
        try await S.send(first, pop)
        #expect(try await S.reply(to: pop, in: replies)?.assignment?.requestId == request.requestId)
        await first.stop()

        let second = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        let queue = second.app.queue
        #expect(await queue.candidates(for: paused, limit: 5, maxExamined: 100).candidates.isEmpty)
        var unpaused = paused
        unpaused.paused = false
        // Even unpaused, the tricked worker never gets that request again; another worker does.
        #expect(await queue.candidates(for: unpaused, limit: 5, maxExamined: 100).candidates.isEmpty)
        let other = S.worker(model: model)
        #expect(await queue.candidates(for: other, limit: 5, maxExamined: 100).candidates.map(\.id) == [request.requestId])
        await second.stop()
        await events.close()
        await replies.close()
        await support.dropDatabase(database)
    }
}
