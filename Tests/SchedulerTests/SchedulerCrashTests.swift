import Domain
import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Postgres
import ServiceKit
import Synchronization
import Testing

@testable import Scheduler

/// The real executable, killed with SIGKILL while requests, pops and submissions flow: no request is lost, no
/// job is handed out or settled twice, and every request finishes exactly as often as the gateway asked.
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(8)))
struct SchedulerCrashTests {
    typealias Support = IntegrationSupport

    @Test func sigkillAtAnyMomentLosesNothingAndDuplicatesNothing() async throws {
        _ = Support.runId
        try Support.requireIsolatedTopics()
        guard let executable = ChildScheduler.locateExecutable() else {
            Issue.record("horde-scheduler is not built: run `swift build` (or set HORDE_BIN_DIR) before this test")
            return
        }
        let logger = Logger(label: "crash-test", level: .warning)
        let kafka = KafkaConfig.fromEnvironment(clientId: "scheduler-crash-test")
        // The child runs with this scope as its topic prefix, so its topics are exactly these.
        let scope = Support.scope()
        let topics = SchedulerTopics(scope: scope)
        try await KafkaAdmin.createTopics(topics.specs, config: kafka, logger: logger)
        let producer = try KafkaProducer(config: kafka, logger: logger)
        let publisher = EventPublisher(producer: producer)
        let database = try await Support.createDatabase()
        let pool = PostgresPool(config: PostgresConfig(url: Support.url(database: database)), logger: logger)
        let events = try Collector(RequestEvent.self, topic: topics.requestEvents)
        let replies = try Collector(PopReplyMessage.self, topic: topics.workerJobs)
        let child = ChildScheduler(
            executable: executable,
            environment: [
                "HORDE_POSTGRES_URL": Support.url(database: database),
                "HORDE_TOPIC_PREFIX": Topics.prefix + scope,
                "HORDE_SCHEDULER_GROUP": "\(Support.runId)-crash-\(UUID().uuidString.prefix(8))",
                "HORDE_ADMIN_PORT": String(Int.random(in: 20_000..<40_000)),
                "HORDE_SCHEDULER_SWEEP_INTERVAL": "500ms",
                "HORDE_REDIS_PREFIX": "\(Support.runId):crash-\(UUID().uuidString.prefix(8)):",
                // Lost replies make jobs time out; this test is about duplicates, not the fault limit.
                "HORDE_SCHEDULER_FAULT_LIMIT": "1000",
                "HORDE_LOG_LEVEL": "notice",
            ])
        try child.start()

        let model = "crash-\(UUID().uuidString.prefix(8))"
        let requests = (0..<24).map { index in
            let now = Date().wirePrecision
            return RequestCreated(
                requestId: UUID(), kind: .image, userId: 1000 + index, priority: Double(index % 5), models: [model],
                n: 3, payload: ["prompt": .string("crash test \(index)"), "width": 512, "height": 512],
                kudosPerJob: 10, costPerJob: 11, thingsPerJob: 1, pixels: 512 * 512, jobTTLSeconds: 4,
                createdAt: now, expiresAt: now.addingTimeInterval(1200))
        }
        let finishedIds = Set(requests.map { SchedulerEventIDs.finished($0.requestId) })
        let allFinished: @Sendable () -> Bool = {
            Set(events.all { finishedIds.contains($0.id) }.map(\.id)).count == finishedIds.count
        }

        let killsDuringWork = KillCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The gateway: requests trickle in.
            group.addTask {
                for request in requests {
                    try await publisher.publish(
                        topics.requests, key: request.requestId.uuidString.lowercased(),
                        Envelope(payload: RequestCommand.created(request)))
                    // Spread over ~10 s so every kill below lands while requests are still arriving, however fast
                    // the machine settles them.
                    try await Task.sleep(for: .milliseconds(400))
                }
            }
            // Three in-cluster workers: pop, then submit what they got.
            for _ in 0..<3 {
                let worker = Fixtures.worker(models: [model], amount: 2, ownerId: 99)
                group.addTask {
                    let giveUp = ContinuousClock.now + .seconds(360)
                    while !allFinished() && ContinuousClock.now < giveUp {
                        let pop = Fixtures.pop(
                            worker, waitMilliseconds: 1000, deadline: Date() + 15, replyTopic: topics.workerJobs)
                        try await publisher.publish(
                            topics.pops, key: worker.workerId.uuidString.lowercased(),
                            Envelope(payload: PopCommand.pop(pop)))
                        let popId = pop.popId
                        let envelope = try await replies.first(timeout: .seconds(16)) {
                            if case .reply(let reply) = $0.payload { return reply.popId == popId }
                            return false
                        }
                        guard case .reply(let reply)? = envelope?.payload, let assignment = reply.assignment else {
                            continue
                        }
                        for jobId in assignment.jobIds {
                            let submission = SubmissionMessage.submitted(
                                JobSubmitted(
                                    jobId: jobId, requestId: assignment.requestId, workerId: worker.workerId,
                                    outcome: .ok, submittedAt: Date()))
                            try await publisher.publish(
                                topics.submissions, key: assignment.requestId.uuidString.lowercased(),
                                Envelope(payload: submission))
                        }
                    }
                }
            }
            // The operator's bad day: SIGKILL three times while work is in flight.
            group.addTask {
                for pause in [2, 3, 3] {
                    try await Task.sleep(for: .seconds(pause))
                    if !allFinished() { killsDuringWork.value.add(1, ordering: .relaxed) }
                    await child.kill()
                    try await Task.sleep(for: .milliseconds(300))
                    try child.start()
                }
            }
            try await group.waitForAll()
        }
        await child.stop()

        #expect(killsDuringWork.value.load(ordering: .relaxed) >= 2, "the kills missed the work")
        #expect(allFinished(), "not every request finished; scheduler log:\n\(child.tail())")
        for request in requests {
            let rows = try await pool.query(
                """
                SELECT r.state, r.n_waiting,
                       (SELECT count(*) FROM scheduler.jobs j WHERE j.request_id = r.id AND j.state = 'done') AS done,
                       (SELECT count(*) FROM scheduler.jobs j WHERE j.request_id = r.id AND j.state = 'processing')
                           AS processing
                FROM scheduler.requests r WHERE r.id = \(request.requestId)
                """)
            let row = try #require(rows.first, "request \(request.requestId) was lost")
            #expect(try row.decode("state", as: String.self) == "done")
            #expect(try row.decode("done", as: Int.self) == 3, "request \(request.requestId) settled a wrong job count")
            #expect(try row.decode("processing", as: Int.self) == 0)
            #expect(try row.decode("n_waiting", as: Int.self) == 0)
        }
        // Every settled job was announced, under its own id, with one payload however often it was re-emitted.
        let doneJobs = try await pool.query("SELECT id FROM scheduler.jobs WHERE state = 'done'")
            .map { try $0.decode("id", as: UUID.self) }
        let completions = events.all {
            if case .jobCompleted = $0.payload { return true }
            return false
        }
        #expect(Set(completions.map(\.id)) == Set(doneJobs))
        for (id, copies) in Dictionary(grouping: completions, by: \.id) {
            #expect(Set(copies.map { "\($0.payload)" }).count == 1, "job \(id) was announced with different contents")
        }
        #expect(doneJobs.count == requests.count * 3)

        await events.close()
        await replies.close()
        await producer.close()
        await pool.close()
        await Support.dropDatabase(database)
    }
}

/// Kills that landed while requests were still unfinished (shared by the test's tasks).
private final class KillCount: Sendable {
    let value = Atomic<Int>(0)
}
