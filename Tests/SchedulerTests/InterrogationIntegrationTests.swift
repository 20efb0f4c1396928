import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Scheduler

/// The alchemy queue inside a real scheduler, against Postgres and Kafka: pops, deliveries, restarts of stale
/// forms, faults, cancellation, and the index rebuilt after a restart.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct InterrogationIntegrationTests {
    typealias Support = IntegrationSupport

    static func interrogation(forms: [String] = ["caption"], user: Int = 4242) -> InterrogationCreated {
        let now = Date().wirePrecision
        return InterrogationCreated(
            interrogationId: UUID(), userId: user, priority: 10, sourceURL: "https://example.com/cat.png",
            imageTiles: 1, forms: forms.map { InterrogationFormSpec(formId: UUID(), name: $0, kudos: 1, cost: 3) },
            webhook: "https://example.com/hook", createdAt: now, expiresAt: now.addingTimeInterval(1200))
    }

    static func alchemist(forms: [String], amount: Int = 1) -> AlchemistProfile {
        AlchemistProfile(
            workerId: UUID(), name: "alchemist-\(UUID().uuidString.prefix(6))", ownerId: 77, forms: forms,
            amount: amount)
    }

    /// A scheduler on a fresh database with collectors on its events and the in-cluster reply topic.
    static func withScheduler(
        _ settings: [String: String] = [:],
        _ body: (RunningScheduler, Collector<RequestEvent>, Collector<PopReplyMessage>, String) async throws -> Void
    ) async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-alchemy-\(UUID().uuidString.prefix(8))"
        let scheduler = try await RunningScheduler.start(
            database: database, consumerGroup: group, topics: SchedulerTopics(scope: Support.scope()), settings)
        try await KafkaAdmin.createTopics(
            [TopicSpec(name: topic(scheduler), partitions: Topics.interrogations.partitions)],
            config: scheduler.app.runtime.config.kafka, logger: scheduler.app.runtime.logger)
        let events = try Collector(RequestEvent.self, topic: scheduler.topics.requestEvents)
        let replies = try Collector(PopReplyMessage.self, topic: scheduler.topics.workerJobs)
        do {
            try await body(scheduler, events, replies, database)
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

    static func topic(_ scheduler: RunningScheduler) -> String {
        SchedulerTopics.name(Topics.interrogations, scheduler.topics.scope)
    }

    static func send(_ scheduler: RunningScheduler, _ command: InterrogationCommand, key: UUID) async throws {
        try await scheduler.send(command, to: topic(scheduler), key: key.uuidString.lowercased())
    }

    /// Pops until the reply carries forms (the created command may still be on its way); returns the last reply.
    static func pop(
        _ scheduler: RunningScheduler, _ worker: AlchemistProfile, _ replies: Collector<PopReplyMessage>,
        untilForms: Bool = true
    ) async throws -> PopReply {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let pop = InterrogationPopRequest(
                worker: worker, replyTopic: scheduler.topics.workerJobs, replyTo: "alchemy-test",
                deadline: Date() + 30)
            try await send(scheduler, .pop(pop), key: worker.workerId)
            let popId = pop.popId
            let envelope = try await replies.first {
                if case .reply(let reply) = $0.payload { return reply.popId == popId }
                return false
            }
            guard case .reply(let reply)? = envelope?.payload else { throw Failure("no reply to pop") }
            if !untilForms || reply.assignment != nil || ContinuousClock.now > deadline { return reply }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func formStates(_ scheduler: RunningScheduler, _ id: UUID) async throws -> [String] {
        try await scheduler.postgres.query(
            "SELECT state FROM scheduler.interrogation_forms WHERE interrogation_id = \(id) ORDER BY position"
        ).map { try $0.decode("state", as: String.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test func aDeliveredFormIsChargedOnceAndFinishesTheInterrogation() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let request = Self.interrogation(forms: ["caption", "nsfw"])
            try await Self.send(scheduler, .created(request), key: request.interrogationId)
            let worker = Self.alchemist(forms: ["nsfw", "caption"], amount: 2)
            let reply = try await Self.pop(scheduler, worker, replies)
            let assignment = try #require(reply.assignment)
            let forms = InterrogationAssignment.forms(of: assignment)
            #expect(Set(forms.map(\.name)) == ["caption", "nsfw"])
            #expect(forms.allSatisfy { $0.sourceURL == "https://example.com/cat.png" })
            let started = try await events.first {
                if case .jobsStarted(let started) = $0.payload { return started.requestId == request.interrogationId }
                return false
            }
            #expect(started != nil)

            for form in forms {
                let submitted = InterrogationFormSubmitted(
                    formId: form.formId, interrogationId: request.interrogationId, workerId: worker.workerId,
                    outcome: .ok, submittedAt: Date())
                try await Self.send(scheduler, .submitted(submitted), key: request.interrogationId)
                // A redelivered submission settles nothing twice.
                try await Self.send(scheduler, .submitted(submitted), key: request.interrogationId)
            }
            let finished = try await events.first {
                if case .finished(let finished) = $0.payload { return finished.requestId == request.interrogationId }
                return false
            }
            guard case .finished(let state)? = finished?.payload else { throw Failure("no finished event") }
            #expect(state.state == .done)
            #expect(state.kind == .interrogation)
            let completions = events.all {
                if case .jobCompleted(let job) = $0.payload { return job.requestId == request.interrogationId }
                return false
            }
            #expect(Set(completions.map(\.id)) == Set(forms.map(\.formId)))
            for case .jobCompleted(let job) in completions.map(\.payload) {
                #expect(job.kind == .interrogation)
                #expect(job.cost == 3)
                #expect(job.reward == 1)
                #expect(job.webhook == "https://example.com/hook")
                #expect(job.workerId == worker.workerId)
            }
            #expect(try await Self.formStates(scheduler, request.interrogationId) == ["done", "done"])
        }
    }

    @Test func staleFormsAreRestartedThreeTimesThenFaulted() async throws {
        try await Self.withScheduler(
            ["HORDE_SCHEDULER_FORM_TTL": "300ms", "HORDE_SCHEDULER_SWEEP_INTERVAL": "100ms"]
        ) { scheduler, events, replies, _ in
            let request = Self.interrogation()
            try await Self.send(scheduler, .created(request), key: request.interrogationId)
            let worker = Self.alchemist(forms: ["caption"])
            for attempt in 1...4 {
                let reply = try await Self.pop(scheduler, worker, replies)
                #expect(reply.assignment?.jobIds == [request.forms[0].formId], "attempt \(attempt)")
                let returned = try await Support.eventually(timeout: .seconds(10)) {
                    let states = try await Self.formStates(scheduler, request.interrogationId)
                    return states == [attempt < 4 ? "waiting" : "faulted"]
                }
                #expect(returned, "attempt \(attempt)")
            }
            let finished = try await events.first {
                if case .finished(let finished) = $0.payload {
                    return finished.requestId == request.interrogationId && finished.state == .faulted
                }
                return false
            }
            #expect(finished != nil)
            // The failure events may reach the collector after the `finished` one: wait for all four.
            let formId = request.forms[0].formId
            let allFailures = try await Support.eventually(timeout: .seconds(10)) {
                let failures = events.all {
                    if case .jobFailed(let failed) = $0.payload { return failed.jobId == formId }
                    return false
                }
                return Set(failures.map(\.id)).count == 4
            }
            #expect(allFailures)
            let empty = try await Self.pop(scheduler, worker, replies, untilForms: false)
            #expect(empty.assignment == nil)
        }
    }

    @Test func cancellingSettlesFormsInFlightAndDropsWaitingOnes() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let request = Self.interrogation(forms: ["caption", "interrogation"])
            try await Self.send(scheduler, .created(request), key: request.interrogationId)
            let worker = Self.alchemist(forms: ["caption"])
            let reply = try await Self.pop(scheduler, worker, replies)
            #expect(reply.assignment?.jobIds == [request.forms[0].formId])
            try await Self.send(
                scheduler, .cancelled(InterrogationCancelled(interrogationId: request.interrogationId, cancelledAt: Date())),
                key: request.interrogationId)
            let finished = try await events.first {
                if case .finished(let finished) = $0.payload { return finished.requestId == request.interrogationId }
                return false
            }
            guard case .finished(let state)? = finished?.payload else { throw Failure("no finished event") }
            #expect(state.state == .cancelled)
            let completed = events.all {
                if case .jobCompleted(let job) = $0.payload { return job.requestId == request.interrogationId }
                return false
            }
            #expect(completed.map(\.id) == [request.forms[0].formId])
            if case .jobCompleted(let job)? = completed.first?.payload {
                #expect(job.cost == 3)
                #expect(job.webhook == nil)
            }
            #expect(try await Self.formStates(scheduler, request.interrogationId) == ["cancelled", "cancelled"])
            // A late delivery of the settled form changes nothing.
            try await Self.send(
                scheduler,
                .submitted(
                    InterrogationFormSubmitted(
                        formId: request.forms[0].formId, interrogationId: request.interrogationId,
                        workerId: worker.workerId, outcome: .ok, submittedAt: Date())),
                key: request.interrogationId)
            let other = Self.alchemist(forms: ["interrogation"])
            let empty = try await Self.pop(scheduler, other, replies, untilForms: false)
            #expect(empty.assignment == nil)
            #expect(empty.skipped == ["worker_id": 0, "untrusted": 0, "bridge_version": 0])
        }
    }

    @Test func aFaultedDeliveryReturnsTheFormToTheQueue() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            let request = Self.interrogation(forms: ["aesthetic"])
            let formId = request.forms[0].formId
            try await Self.send(scheduler, .created(request), key: request.interrogationId)
            let first = Self.alchemist(forms: ["aesthetic"])
            #expect(try await Self.pop(scheduler, first, replies).assignment?.jobIds == [formId])
            try await Self.send(
                scheduler,
                .submitted(
                    InterrogationFormSubmitted(
                        formId: formId, interrogationId: request.interrogationId, workerId: first.workerId,
                        outcome: .faulted, submittedAt: Date())),
                key: request.interrogationId)
            let failed = try await events.first {
                if case .jobFailed(let failed) = $0.payload { return failed.jobId == formId && failed.reason == .faulted }
                return false
            }
            #expect(failed != nil)
            let second = Self.alchemist(forms: ["aesthetic"])
            #expect(try await Self.pop(scheduler, second, replies).assignment?.jobIds == [formId])
            let aborts = try await scheduler.postgres.query(
                "SELECT aborts FROM scheduler.interrogation_forms WHERE id = \(formId)"
            ).first?.decode("aborts", as: Int.self)
            #expect(aborts == 1)
        }
    }

    @Test func anInterrogationAnsweredFromTheCacheIsDoneAtOnce() async throws {
        try await Self.withScheduler { scheduler, events, replies, _ in
            var cached = Self.interrogation(forms: ["describe"])
            cached.forms[0].cached = true
            cached.forms[0].cost = 0
            let request = cached
            try await Self.send(scheduler, .created(request), key: request.interrogationId)
            let finished = try await events.first {
                if case .finished(let finished) = $0.payload { return finished.requestId == request.interrogationId }
                return false
            }
            guard case .finished(let state)? = finished?.payload else { throw Failure("no finished event") }
            #expect(state.state == .done)
            #expect(try await Self.formStates(scheduler, request.interrogationId) == ["done"])
            let empty = try await Self.pop(scheduler, Self.alchemist(forms: ["describe"]), replies, untilForms: false)
            #expect(empty.assignment == nil)
        }
    }

    @Test func waitingFormsSurviveARestart() async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        let database = try await Support.createDatabase()
        let group = "\(Support.runId)-alchemy-\(UUID().uuidString.prefix(8))"
        let scope = Support.scope()
        let request = Self.interrogation(forms: ["palette"])
        let first = try await RunningScheduler.start(
            database: database, consumerGroup: group, topics: SchedulerTopics(scope: scope))
        try await KafkaAdmin.createTopics(
            [TopicSpec(name: Self.topic(first), partitions: Topics.interrogations.partitions)],
            config: first.app.runtime.config.kafka, logger: first.app.runtime.logger)
        try await Self.send(first, .created(request), key: request.interrogationId)
        let stored = try await Support.eventually {
            try await Self.formStates(first, request.interrogationId) == ["waiting"]
        }
        #expect(stored)
        await first.stop()

        let second = try await RunningScheduler.start(
            database: database, consumerGroup: group, topics: SchedulerTopics(scope: scope))
        let replies = try Collector(PopReplyMessage.self, topic: second.topics.workerJobs)
        do {
            let reply = try await Self.pop(second, Self.alchemist(forms: ["palette"]), replies)
            #expect(reply.assignment?.jobIds == [request.forms[0].formId])
        } catch {
            await second.stop()
            await replies.close()
            await Support.dropDatabase(database)
            throw error
        }
        await second.stop()
        await replies.close()
        await Support.dropDatabase(database)
    }
}
