import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Gateway

@Suite("Worker lifecycle: aborted jobs and fake jobs", .enabled(if: integrationEnabled), .serialized)
struct WorkerLifecycleIntegrationTests {
    /// The scheduler's `job.failed` event of one timed-out job of `worker`, `secondsAgo` before now.
    static func timeout(of worker: UUID, kind: RequestKind = .image, secondsAgo: TimeInterval = 0) -> JobFailed {
        JobFailed(
            jobId: UUID(), requestId: UUID(), kind: kind, workerId: worker, reason: .timedOut,
            failedAt: Date().addingTimeInterval(-secondsAgo))
    }

    static func workerRow(_ stack: GatewayStack, _ id: UUID) async throws -> (maintenance: Bool, message: String?, suspicions: Int) {
        let row = try #require(try await stack.pool.query(
            """
            SELECT maintenance, maintenance_msg,
                   (SELECT count(*) FROM gateway.worker_suspicions s WHERE s.worker_id = w.id AND s.reason = 9) AS n
            FROM gateway.workers w WHERE id = \(id)
            """).first)
        return (row["maintenance"].bool ?? false, row["maintenance_msg"].string, row["n"].int ?? -1)
    }

    @Test func moreThanTwentyAbortsInAnHourPutTheWorkerInMaintenanceWithASuspicion() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let worker = try await stack.insertWorker("dropper", ownerId: owner.id)
            let recorder = WorkerAbortRecorder(pool: stack.pool)
            // One abort from before the window does not count.
            #expect(try await recorder.record(Self.timeout(of: worker, secondsAgo: 4000), eventId: UUID()) == .counted(1))
            var last = WorkerAbortRecorder.Outcome.ignored
            for index in 0..<20 {
                let eventId = UUID()
                last = try await recorder.record(Self.timeout(of: worker, secondsAgo: Double(60 - index)), eventId: eventId)
                // A redelivered event counts once; a fault the worker reported is no abort.
                #expect(try await recorder.record(Self.timeout(of: worker), eventId: eventId) == .ignored)
            }
            var faulted = Self.timeout(of: worker)
            faulted.reason = .faulted
            #expect(try await recorder.record(faulted, eventId: UUID()) == .ignored)
            #expect(last == .counted(20))
            #expect(try await Self.workerRow(stack, worker).maintenance == false)
            let path = "/api/v2/workers/\(worker.apiString)"
            let before = await stack.call(.GET, path)
            #expect(before.body["aborted_jobs"] == 20)
            #expect(before.body["uncompleted_jobs"] == 21)

            #expect(try await recorder.record(Self.timeout(of: worker), eventId: UUID()) == .tripped(maintenance: true))
            let row = try await Self.workerRow(stack, worker)
            #expect(row.maintenance)
            #expect(row.message == "Maintenance mode activated because worker is dropping too many jobs.")
            #expect(row.suspicions == 1)
            let suspicion = try await stack.pool.query("SELECT suspicion FROM gateway.users WHERE id = \(owner.id)")
            #expect(suspicion.first?["suspicion"].int == 1)
            let after = await stack.call(.GET, path, apiKey: owner.apiKey)
            #expect(after.body["maintenance_mode"] == true)
            #expect(after.body["aborted_jobs"] == 0, "the count starts again after the penalty")
            #expect(after.body["suspicious"] == 1)
            #expect(try await recorder.record(Self.timeout(of: worker), eventId: UUID()) == .counted(1))
        }
    }

    @Test func inRaidModeTheEleventhAbortOnlyAddsASuspicion() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let worker = try await stack.insertWorker("raider", ownerId: owner.id)
            let alchemist = try await stack.insertWorker("alchemist", ownerId: owner.id, kind: "interrogation")
            try await stack.pool.execute("UPDATE gateway.moderation_state SET raid_mode = true WHERE id = 1")
            let recorder = WorkerAbortRecorder(pool: stack.pool)
            for _ in 0..<10 { _ = try await recorder.record(Self.timeout(of: worker), eventId: UUID()) }
            #expect(try await Self.workerRow(stack, worker).suspicions == 0)
            #expect(try await recorder.record(Self.timeout(of: worker), eventId: UUID()) == .tripped(maintenance: false))
            let row = try await Self.workerRow(stack, worker)
            #expect(row.maintenance == false, "a raider is not told it was noticed")
            #expect(row.suspicions == 1)
            // Interrogation workers may drop 100 forms an hour.
            var last = WorkerAbortRecorder.Outcome.ignored
            for _ in 0..<21 {
                last = try await recorder.record(Self.timeout(of: alchemist, kind: .interrogation), eventId: UUID())
            }
            #expect(last == .counted(21))
        }
    }

    @Test func timeoutEventsOnTheRequestEventsTopicAreCounted() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let worker = try await stack.insertWorker("slowpoke", ownerId: owner.id)
            let consumer = StatsConsumer.make(
                kafka: stack.kafka, recorder: StatsRecorder(pool: stack.pool), logger: stack.logger)
            let group = ServiceGroup(services: [consumer], logger: stack.logger, signals: [])
            let running = Task { try await group.run() }
            func stop() async {
                group.triggerGracefulShutdown()
                _ = try? await running.value
            }
            do {
                let publisher = EventPublisher(producer: stack.producer)
                for _ in 0..<3 {
                    let failed = Self.timeout(of: worker)
                    try await publisher.publish(
                        Topics.requestEvents, key: failed.requestId.uuidString.lowercased(),
                        RequestEvent.jobFailed(failed), eventId: UUID(), at: failed.failedAt)
                }
                var counted = 0
                let deadline = ContinuousClock.now + .seconds(30)
                while ContinuousClock.now < deadline {
                    counted = try await stack.count("gateway.worker_aborts")
                    if counted == 3 { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(counted == 3)
                #expect(await stack.call(.GET, "/api/v2/workers/\(worker.apiString)").body["aborted_jobs"] == 3)
            } catch {
                await stop()
                throw error
            }
            await stop()
        }
    }

    @Test func aFakeJobsSubmitAnswers200WithRewardZeroAndStoresNothing() async throws {
        try await GatewayStack.with { stack in
            try await stack.pool.execute(
                """
                CREATE TABLE scheduler.fake_jobs (
                    id uuid PRIMARY KEY, request_id uuid NOT NULL, kind text NOT NULL, worker_id uuid NOT NULL,
                    worker_name text NOT NULL, worker_owner_id bigint NOT NULL, model text NOT NULL,
                    batch_index int NOT NULL, pop_id uuid NOT NULL, started_at timestamptz NOT NULL)
                """)
            let owner = try await stack.createUser("owner")
            let stranger = try await stack.createUser("stranger")
            let requester = try await stack.createUser("requester")
            let request = try await stack.insertRequest(userId: requester.id, n: 1, kudos: 6.5)
            let fake = UUID()
            try await stack.pool.execute(
                """
                INSERT INTO scheduler.fake_jobs
                    (id, request_id, kind, worker_id, worker_name, worker_owner_id, model, batch_index, pop_id, started_at)
                VALUES (\(fake), \(request), 'image', \(UUID()), 'paused-one', \(owner.id), 'stable_diffusion', 0,
                    \(UUID()), now())
                """)
            let body = #"{"id": "\#(fake.uuidString)", "generation": "\#(GatewayStack.pngBase64)", "seed": 1}"#
            expectError(await stack.call(.POST, "/api/v2/generate/submit", json: body, apiKey: stranger.apiKey), .wrongCredentials)
            let accepted = await stack.call(.POST, "/api/v2/generate/submit", json: body, apiKey: owner.apiKey)
            #expect(accepted.status == 200)
            #expect(accepted.body["reward"] == 0)
            #expect(try await stack.count("gateway.generations") == 0)
            let textBody = #"{"id": "\#(fake.uuidString)", "generation": "hello"}"#
            expectError(
                await stack.call(.POST, "/api/v2/generate/text/submit", json: textBody, apiKey: owner.apiKey), .invalidJobID)
        }
    }
}
