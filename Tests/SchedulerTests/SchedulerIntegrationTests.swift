import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Scheduler

/// The scheduler against the real Postgres and Kafka: commands in, events and pop replies out.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct SchedulerIntegrationTests {
    typealias Support = IntegrationSupport

    /// A request as the gateway would publish it, for a model no other test uses.
    static func request(
        model: String, n: Int = 1, ttl: Int = 150,
        payload: JSONValue = ["prompt": "a lighthouse", "width": 512, "height": 512]
    ) -> RequestCreated {
        let now = Date().wirePrecision
        return RequestCreated(
            requestId: UUID(), kind: .image, userId: 4242, priority: 10, models: [model], n: n, payload: payload,
            kudosPerJob: 10, costPerJob: 11, thingsPerJob: 7_864_320, pixels: 512 * 512, jobTTLSeconds: ttl,
            createdAt: now, expiresAt: now.addingTimeInterval(1200))
    }

    static func worker(model: String, amount: Int = 1) -> WorkerProfile {
        Fixtures.worker(models: [model], amount: amount, ownerId: 77)
    }

    static func pop(_ worker: WorkerProfile, on scheduler: RunningScheduler, wait: Int = 0) -> PopRequest {
        Fixtures.pop(worker, waitMilliseconds: wait, deadline: Date() + 30, replyTopic: scheduler.topics.workerJobs)
    }

    static func submit(_ jobId: UUID, of request: RequestCreated, by worker: WorkerProfile, _ outcome: JobOutcome = .ok)
        -> Envelope<SubmissionMessage>
    {
        Envelope(
            payload: .submitted(
                JobSubmitted(
                    jobId: jobId, requestId: request.requestId, workerId: worker.workerId, outcome: outcome,
                    submittedAt: Date())))
    }

    /// Runs `body` with a scheduler on a fresh database and collectors on the topics it writes.
    static func withScheduler(
        _ settings: [String: String] = [:],
        _ body: (RunningScheduler, Collector<RequestEvent>, Collector<PopReplyMessage>, String) async throws -> Void
    ) async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-scheduler-\(UUID().uuidString.prefix(8))"
        // The scheduler creates the topics; collectors subscribed to missing topics would wait for a metadata refresh.
        let scheduler = try await RunningScheduler.start(
            database: database, consumerGroup: group, topics: SchedulerTopics(scope: Support.scope()), settings)
        let events = try Collector(RequestEvent.self, topic: scheduler.topics.requestEvents)
        let replies = try Collector(PopReplyMessage.self, topic: scheduler.topics.workerJobs)
        do {
            try await body(scheduler, events, replies, group)
        } catch {
            await scheduler.stop()
            await events.close()
            await replies.close()
            await Support.dropDatabase(database)
            throw error
        }
        await scheduler.stop()
        await events.close()
        await replies.close()
        await Support.dropDatabase(database)
    }

    static func send(_ scheduler: RunningScheduler, _ request: RequestCreated) async throws {
        try await scheduler.send(
            RequestCommand.created(request), to: scheduler.topics.requests,
            key: request.requestId.uuidString.lowercased())
    }

    static func send(_ scheduler: RunningScheduler, _ pop: PopRequest) async throws {
        try await scheduler.send(
            PopCommand.pop(pop), to: scheduler.topics.pops, key: pop.worker.workerId.uuidString.lowercased())
    }

    static func submit(
        _ scheduler: RunningScheduler, _ envelope: Envelope<SubmissionMessage>, for request: RequestCreated
    )
        async throws
    {
        try await scheduler.publisher.publish(
            scheduler.topics.submissions, key: request.requestId.uuidString.lowercased(), envelope)
    }

    static func reply(to pop: PopRequest, in replies: Collector<PopReplyMessage>, timeout: Duration = .seconds(30))
        async throws -> PopReply?
    {
        let popId = pop.popId
        let envelope = try await replies.first(timeout: timeout) {
            if case .reply(let reply) = $0.payload { return reply.popId == popId }
            return false
        }
        guard case .reply(let reply)? = envelope?.payload else { return nil }
        return reply
    }

    /// Waits for the `queued` event of `request`.
    static func queued(_ request: RequestCreated, in events: Collector<RequestEvent>) async throws -> Bool {
        let id = SchedulerEventIDs.queued(request.requestId)
        return try await events.first { $0.id == id } != nil
    }

    static func requestRow(_ scheduler: RunningScheduler, _ id: UUID) async throws -> (
        state: String, waiting: Int, faults: Int, version: Int64
    )? {
        let rows = try await scheduler.postgres.query(
            "SELECT state, n_waiting, faults, version FROM scheduler.requests WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        return (
            try row.decode("state", as: String.self), try row.decode("n_waiting", as: Int.self),
            try row.decode("faults", as: Int.self), try row.decode("version", as: Int64.self)
        )
    }

    static func jobStates(_ scheduler: RunningScheduler, _ requestId: UUID) async throws -> [String] {
        try await scheduler.postgres.query(
            "SELECT state FROM scheduler.jobs WHERE request_id = \(requestId) ORDER BY batch_index, started_at"
        ).map { try $0.decode("state", as: String.self) }
    }

    @Test func requestPopSubmitProducesTheLifecycleEvents() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Self.request(model: model, n: 2)
            try await Self.send(scheduler, request)
            let queued = try await events.first { $0.payload == .queued(request) }
            #expect(queued?.id == SchedulerEventIDs.queued(request.requestId))

            let worker = Self.worker(model: model, amount: 2)
            let pop = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, pop)
            let reply = try #require(try await Self.reply(to: pop, in: replies))
            let assignment = try #require(reply.assignment)
            #expect(assignment.requestId == request.requestId)
            #expect(assignment.jobIds.count == 2)
            #expect(assignment.model == model)
            #expect(assignment.payload["n_iter"] == 2)
            #expect(assignment.payload["seed"]?.stringValue.flatMap(UInt64.init).map { $0 < 1 << 32 } == true)
            #expect(assignment.ttlSeconds == 150)
            let started = try await events.first {
                if case .jobsStarted(let started) = $0.payload { return started.requestId == request.requestId }
                return false
            }
            #expect(started?.id == SchedulerEventIDs.jobsStarted(pop.popId))

            for jobId in assignment.jobIds {
                try await Self.submit(scheduler, Self.submit(jobId, of: request, by: worker), for: request)
            }
            for jobId in assignment.jobIds {
                let completed = try #require(try await events.first { $0.id == jobId })
                guard case .jobCompleted(let job) = completed.payload else {
                    Issue.record("expected jobCompleted, got \(completed.type)")
                    continue
                }
                #expect(job.cost == 11)
                #expect(job.reward == 10)
                #expect(job.requesterId == 4242)
                #expect(job.workerOwnerId == 77)
                #expect(job.seed == assignment.payload["seed"]?.stringValue)
            }
            let finished = try await events.first { $0.id == SchedulerEventIDs.finished(request.requestId) }
            guard case .finished(let final)? = finished?.payload else {
                Issue.record("no finished event")
                return
            }
            #expect(final.state == .done)
            #expect(final.requesterId == 4242)
            #expect(try await Self.requestRow(scheduler, request.requestId)?.state == "done")
            #expect(try await Self.jobStates(scheduler, request.requestId) == ["done", "done"])
        }
    }

    @Test func redeliveredSubmissionsAndPopsChangeNothing() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Self.request(model: model, n: 2)
            try await Self.send(scheduler, request)
            #expect(try await Self.queued(request, in: events))
            let worker = Self.worker(model: model)
            let pop = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, pop)
            let first = try #require(try await Self.reply(to: pop, in: replies)?.assignment)
            #expect(first.jobIds.count == 1)

            // The same pop again (a Kafka redelivery): the same reply, and no second job.
            try await Self.send(scheduler, pop)
            #expect(
                try await Support.eventually {
                    replies.all { $0.id == SchedulerEventIDs.popReply(pop.popId) }.count >= 2
                })
            let again = replies.all { $0.id == SchedulerEventIDs.popReply(pop.popId) }.compactMap {
                envelope -> JobAssignment? in
                if case .reply(let reply) = envelope.payload { return reply.assignment }
                return nil
            }
            #expect(again.allSatisfy { $0 == first })
            #expect(try await Self.jobStates(scheduler, request.requestId) == ["processing"])
            #expect(try await Self.requestRow(scheduler, request.requestId)?.waiting == 1)

            // The same submission twice: settled once, the same event re-emitted, nothing else changes.
            let submission = Self.submit(first.jobIds[0], of: request, by: worker)
            try await Self.submit(scheduler, submission, for: request)
            let completed = try #require(try await events.first { $0.id == first.jobIds[0] })
            let before = try #require(try await Self.requestRow(scheduler, request.requestId))
            try await Self.submit(scheduler, submission, for: request)
            #expect(try await Support.eventually { events.all { $0.id == first.jobIds[0] }.count >= 2 })
            for copy in events.all({ $0.id == first.jobIds[0] }) { #expect(copy.payload == completed.payload) }
            let after = try #require(try await Self.requestRow(scheduler, request.requestId))
            #expect(after.version == before.version)
            #expect(after.waiting == 1)
            #expect(after.state == "waiting")
            #expect(try await Self.jobStates(scheduler, request.requestId) == ["done"])
            #expect(events.all { $0.id == SchedulerEventIDs.finished(request.requestId) }.isEmpty)

            // The request still hands out its second job.
            let second = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, second)
            let next = try #require(try await Self.reply(to: second, in: replies)?.assignment)
            #expect(next.requestId == request.requestId)
            #expect(next.jobIds != first.jobIds)
        }
    }

    @Test func aRestartRebuildsTheIndexFromPostgres() async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-scheduler-\(UUID().uuidString.prefix(8))"
        let model = "model-\(UUID().uuidString.prefix(8))"
        let request = Self.request(model: model, n: 3)

        let topics = SchedulerTopics(scope: Support.scope())
        let first = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        let events = try Collector(RequestEvent.self, topic: topics.requestEvents)
        let replies = try Collector(PopReplyMessage.self, topic: topics.workerJobs)
        try await Self.send(first, request)
        #expect(try await Self.queued(request, in: events))
        await first.stop()

        let second = try await RunningScheduler.start(database: database, consumerGroup: group, topics: topics)
        // Rebuilt before any message is consumed.
        let entry = await second.app.queue.entry(request.requestId)
        #expect(entry?.waiting == 3)
        // Rejoining the same consumer group can take Tansu a while: give the pop time to be consumed.
        let pop = Fixtures.pop(
            Self.worker(model: model, amount: 3), waitMilliseconds: 0, deadline: Date() + 120,
            replyTopic: topics.workerJobs)
        try await Self.send(second, pop)
        let reply = try await Self.reply(to: pop, in: replies, timeout: .seconds(120))
        let assignment = reply?.assignment
        #expect(assignment?.requestId == request.requestId, "reply: \(String(describing: reply))")
        #expect(assignment?.jobIds.count == 3)
        await second.stop()
        await events.close()
        await replies.close()
        await Support.dropDatabase(database)
    }

    @Test func aParkedPopIsAnsweredAsSoonAsAMatchingRequestArrives() async throws {
        try await Self.withScheduler { scheduler, _, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            // Make sure the pop consumer is live before timing anything.
            let warmup = Self.pop(Self.worker(model: model), on: scheduler)
            try await Self.send(scheduler, warmup)
            let empty = try #require(try await Self.reply(to: warmup, in: replies))
            #expect(empty.assignment == nil)
            #expect(empty.skipped["models"] == 0)

            let worker = Self.worker(model: model)
            let pop = Self.pop(worker, on: scheduler, wait: 8000)
            try await Self.send(scheduler, pop)
            #expect(try await Support.eventually(timeout: .seconds(5)) { await scheduler.app.queue.parkedCount == 1 })
            let request = Self.request(model: model)
            let sent = ContinuousClock.now
            try await Self.send(scheduler, request)
            let reply = try #require(try await Self.reply(to: pop, in: replies, timeout: .seconds(7)))
            #expect(reply.assignment?.requestId == request.requestId)
            #expect(ContinuousClock.now - sent < .seconds(5))

            // A parked pop with nothing to take is answered empty when its wait ends.
            let idle = Self.pop(Self.worker(model: "nothing-\(UUID().uuidString.prefix(8))"), on: scheduler, wait: 1000)
            try await Self.send(scheduler, idle)
            let idleReply = try #require(try await Self.reply(to: idle, in: replies, timeout: .seconds(10)))
            #expect(idleReply.assignment == nil)
        }
    }

    @Test func timedOutJobsRestartAndTheThirdFaultFaultsTheRequest() async throws {
        try await Self.withScheduler(["HORDE_SCHEDULER_SWEEP_INTERVAL": "200ms"]) { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Self.request(model: model, ttl: 1)
            try await Self.send(scheduler, request)
            #expect(try await Self.queued(request, in: events))
            let worker = Self.worker(model: model)
            for attempt in 1...3 {
                let pop = Self.pop(worker, on: scheduler, wait: 5000)
                try await Self.send(scheduler, pop)
                let assignment = try #require(try await Self.reply(to: pop, in: replies)?.assignment)
                #expect(assignment.requestId == request.requestId)
                let jobId = assignment.jobIds[0]
                let failed = try await events.first { $0.id == SchedulerEventIDs.jobFailed(jobId) }
                guard case .jobFailed(let failure)? = failed?.payload else {
                    Issue.record("no jobFailed for attempt \(attempt)")
                    return
                }
                #expect(failure.reason == .timedOut)
                let row = try #require(try await Self.requestRow(scheduler, request.requestId))
                #expect(row.faults == attempt)
                #expect(row.state == (attempt < 3 ? "waiting" : "faulted"))
                #expect(row.waiting == (attempt < 3 ? 1 : 0))
            }
            let finished = try await events.first { $0.id == SchedulerEventIDs.finished(request.requestId) }
            guard case .finished(let state)? = finished?.payload else {
                Issue.record("no finished event")
                return
            }
            #expect(state.state == .faulted)
            #expect(try await Self.jobStates(scheduler, request.requestId) == ["timed_out", "timed_out", "timed_out"])
        }
    }

    @Test func aWorkerFaultReturnsTheSlot() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Self.request(model: model)
            try await Self.send(scheduler, request)
            #expect(try await Self.queued(request, in: events))
            let worker = Self.worker(model: model)
            let pop = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, pop)
            let jobId = try #require(try await Self.reply(to: pop, in: replies)?.assignment?.jobIds.first)
            try await Self.submit(scheduler, Self.submit(jobId, of: request, by: worker, .faulted), for: request)
            let failed = try await events.first { $0.id == SchedulerEventIDs.jobFailed(jobId) }
            guard case .jobFailed(let failure)? = failed?.payload else {
                Issue.record("no jobFailed")
                return
            }
            #expect(failure.reason == .faulted)
            let row = try #require(try await Self.requestRow(scheduler, request.requestId))
            #expect(row.faults == 1)
            #expect(row.waiting == 1)
            let retry = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, retry)
            #expect(try await Self.reply(to: retry, in: replies)?.assignment?.requestId == request.requestId)
        }
    }

    @Test func cancellationStopsHandingOutJobsAndFinishesWhenInFlightJobsLand() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let request = Self.request(model: model, n: 3)
            try await Self.send(scheduler, request)
            #expect(try await Self.queued(request, in: events))
            let worker = Self.worker(model: model)
            let pop = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, pop)
            let jobId = try #require(try await Self.reply(to: pop, in: replies)?.assignment?.jobIds.first)

            try await scheduler.send(
                RequestCommand.cancelled(
                    RequestCancelled(requestId: request.requestId, kind: .image, cancelledAt: Date())),
                to: scheduler.topics.requests, key: request.requestId.uuidString.lowercased())
            #expect(
                try await Support.eventually { try await Self.requestRow(scheduler, request.requestId)?.waiting == 0 })
            #expect(try await Self.requestRow(scheduler, request.requestId)?.state == "waiting")

            let late = Self.pop(worker, on: scheduler)
            try await Self.send(scheduler, late)
            #expect(try await Self.reply(to: late, in: replies)?.assignment == nil)

            try await Self.submit(scheduler, Self.submit(jobId, of: request, by: worker), for: request)
            #expect(try await events.first { $0.id == jobId } != nil)
            let finished = try await events.first { $0.id == SchedulerEventIDs.finished(request.requestId) }
            guard case .finished(let state)? = finished?.payload else {
                Issue.record("no finished event")
                return
            }
            #expect(state.state == .cancelled)
        }
    }

    @Test func aRequestPostgresCannotStoreIsRefusedWithoutBlockingTheQueue() async throws {
        try await Self.withScheduler { scheduler, events, _, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let poisoned = Self.request(model: model, payload: ["prompt": "nul \u{0000} byte"])
            try await Self.send(scheduler, poisoned)
            let refused = try await events.first { $0.id == SchedulerEventIDs.finished(poisoned.requestId) }
            guard case .finished(let state)? = refused?.payload else {
                Issue.record("no finished event for the refused request")
                return
            }
            #expect(state.state == .faulted)
            #expect(try await Self.requestRow(scheduler, poisoned.requestId) == nil)
            let healthy = Self.request(model: model)
            try await Self.send(scheduler, healthy)
            #expect(try await Self.queued(healthy, in: events))
        }
    }
}
