import Foundation
import HordeCore
import Messages
import Postgres
import Redis
import ServiceKit
import Testing

@testable import Gateway

@Suite("Model status, statistics and ratings", .enabled(if: integrationEnabled), .serialized)
struct PlatformIntegrationTests {
    private func publishSnapshot(_ stack: GatewayStack, _ models: [QueueSnapshot.ModelStats]) async throws {
        let bytes = Array(try WireCoding.encoder().encode(QueueSnapshot(takenAt: Date(), models: models)))
        try await stack.redis.set(
            QueueSnapshotKeys.snapshot(prefix: stack.context.config.redisPrefix), bytes: bytes, ttl: .seconds(10))
    }

    @Test func modelStatusComesFromTheSchedulersSnapshot() async throws {
        try await GatewayStack.with { stack in
            #expect(await stack.call(.GET, "/api/v2/status/models").body == [])
            try await publishSnapshot(stack, [
                .init(kind: "image", name: "stable_diffusion", queuedRequests: 2, queuedJobs: 3, queuedThings: 2_000_000,
                      workers: 1, performance: 0.5, eta: 30),
                .init(kind: "text", name: "koboldcpp/x-7B", queuedRequests: 1, queuedJobs: 1, queuedThings: 80,
                      workers: 2, performance: 10, eta: 8),
            ])
            // The reader reuses a snapshot for a second.
            try await Task.sleep(for: QueueSnapshotReader.reuseFor + .milliseconds(100))
            let (status, models) = await stack.call(.GET, "/api/v2/status/models?type=text")
            #expect(status == 200)
            #expect(models.arrayValue?.map { $0["name"] } == ["koboldcpp/x-7B"])
            #expect(models.arrayValue?.first?["count"] == 2)
            let single = await stack.call(.GET, "/api/v2/status/models/stable_diffusion").body
            #expect(single.arrayValue?.first?["jobs"] == 3)
            let performance = await stack.call(.GET, "/api/v2/status/performance").body
            #expect(performance["queued_requests"] == 2)
            #expect(performance["queued_megapixelsteps"] == 2)
            #expect(performance["text_worker_count"] == 2)
            #expect(await stack.call(.GET, "/api/v2/status/models?type=audio").body["rc"] == "ValidationError")
        }
    }

    @Test func checkReportsQueuePositionWaitTimeAndIsPossible() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("gwen")
            let id = try await stack.insertRequest(userId: user.id, n: 2)
            try await stack.redis.hset(
                QueueSnapshotKeys.positions(prefix: stack.context.config.redisPrefix, kind: "image"),
                [id.apiString: QueueSnapshotKeys.encodePosition(queuePosition: 4, waitTime: 37)])
            try await publishSnapshot(stack, [
                .init(kind: "image", name: "other", queuedRequests: 1, queuedJobs: 1, queuedThings: 1, workers: 3,
                      performance: 1, eta: 1),
            ])
            let check = await stack.call(.GET, "/api/v2/generate/check/\(id)").body
            #expect(check["queue_position"] == 4)
            #expect(check["wait_time"] == 37)
            #expect(check["is_possible"] == false, "no worker serves stable_diffusion")
        }
    }

    @Test func statisticsCountEachDeliveredJobOnce() async throws {
        try await GatewayStack.with { stack in
            stack.context.modelReference.replace(ModelReferenceFixture.reference)
            let recorder = StatsRecorder(pool: stack.pool)
            let job = UUID()
            let now = Date()
            #expect(try await recorder.record(jobId: job, kind: .image, model: "stable_diffusion", things: 7_864_320, at: now))
            #expect(!(try await recorder.record(jobId: job, kind: .image, model: "stable_diffusion", things: 7_864_320, at: now)))
            try await recorder.record(jobId: UUID(), kind: .image, model: "My Merge", things: 100, at: now.addingTimeInterval(-7200))
            try await recorder.record(jobId: UUID(), kind: .text, model: "koboldcpp/LLaMA2-13B-Tiefighter", things: 80, at: now)

            let totals = await stack.call(.GET, "/api/v2/stats/img/totals").body
            #expect(totals["minute"] == ["images": 1, "ps": 7_864_320])
            #expect(totals["hour"] == ["images": 1, "ps": 7_864_320])
            #expect(totals["day"] == ["images": 2, "ps": 7_864_420])
            #expect(totals["total"] == ["images": 2, "ps": 7_864_420])
            let known = await stack.call(.GET, "/api/v2/stats/img/models").body
            #expect(known["total"] == ["stable_diffusion": 1])
            let all = await stack.call(.GET, "/api/v2/stats/img/models?model_state=all").body
            #expect(all["month"] == ["stable_diffusion": 1, "My Merge": 1])
            let text = await stack.call(.GET, "/api/v2/stats/text/totals").body
            #expect(text["day"] == ["requests": 1, "tokens": 80])
            #expect(await stack.call(.GET, "/api/v2/stats/text/models").body["day"] == ["koboldcpp/LLaMA2-13B-Tiefighter": 1])

            try await recorder.prune(now: now.addingTimeInterval(40 * 86_400))
            #expect(try await stack.count("gateway.stats_recent") == 0)
            #expect(try await stack.count("gateway.stats_hourly") == 0)
            #expect(try await stack.count("gateway.stats_totals") == 3, "all-time totals are never pruned")
        }
    }

    @Test func ratingsOfASharedFinishedRequestArePaidOnce() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<LedgerCommand>(Topics.ledgerCommands, kafka: stack.kafka, logger: stack.logger)
            let user = try await stack.createUser("hana")
            let shared = try await finishedRequest(stack, ownerId: user.id, shared: true)
            let body = #"{"ratings": [{"id": "\#(shared.images[0])", "rating": 8, "artifacts": 1}, {"id": "\#(shared.images[1])", "rating": 4}]}"#
            let (status, reward) = await stack.call(.POST, "/api/v2/generate/rate/\(shared.id)", json: body)
            #expect(status == 200)
            #expect(reward == ["reward": 15])
            let command = try #require(await reader.first { $0.id == shared.id })
            await reader.close()
            // A grant of kind award, so the requester's kudos_details count it as `awarded`.
            guard case .grant(let grant) = command.payload else {
                Issue.record("expected kudos.grant, got \(command.type)")
                return
            }
            #expect(grant.kind == .award)
            #expect(grant.userId == user.id)
            #expect(grant.amount == 15)
            let again = await stack.call(.POST, "/api/v2/generate/rate/\(shared.id)", json: body)
            #expect(again.status == 400 && again.body["rc"] == "AestheticsAlreadyExist")

            let private_ = try await finishedRequest(stack, ownerId: user.id, shared: false)
            let refused = await stack.call(
                .POST, "/api/v2/generate/rate/\(private_.id)", json: #"{"best": "\#(private_.images[0])"}"#)
            #expect(refused.status == 400 && refused.body["rc"] == "AestheticsNotPublic")
            let unknown = await stack.call(.POST, "/api/v2/generate/rate/\(UUID())", json: "{}")
            #expect(unknown.status == 404 && unknown.body["rc"] == "RequestNotFound")
        }
    }

    /// A done image request with two delivered images.
    private func finishedRequest(_ stack: GatewayStack, ownerId: Int, shared: Bool) async throws -> (id: UUID, images: [String]) {
        let id = try await stack.insertRequest(userId: ownerId, n: 2)
        try await stack.pool.execute(
            "UPDATE gateway.requests SET params = params || \(PostgresJSON(#"{"shared": \#(shared)}"#)) WHERE id = \(id)")
        try await stack.insertSchedulerRequest(id, state: "done", n: 2, waiting: 0)
        var images: [String] = []
        for _ in 0..<2 {
            let workerId = UUID()
            let job = try await stack.insertJob(request: id, state: "done", ownerId: ownerId, workerId: workerId, cost: 20)
            try await stack.pool.execute(
                """
                INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, state, result,
                    content_type, expires_at)
                VALUES (\(job), \(id), 'image', \(workerId), 'w', 'stable_diffusion', 'ok', 'x', 'image/webp',
                    now() + interval '20 minutes')
                """)
            images.append(job.apiString)
        }
        return (id, images)
    }
}
