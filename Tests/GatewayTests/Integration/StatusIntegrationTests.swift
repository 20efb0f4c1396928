import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit
import Testing

@testable import Gateway

@Suite("Status from Postgres, cached in Redis", .enabled(if: integrationEnabled), .serialized)
struct StatusIntegrationTests {
    @Test func statusIsBuiltFromAllTheRowsAndCached() async throws {
        try await GatewayStack.with({ $0.statusTTL = .seconds(60) }) { stack in
            let user = try await stack.createUser("erin")
            let (_, created) = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "a fox", "params": {"n": 3}}"#, apiKey: user.apiKey)
            let id = try #require(created["id"]?.stringValue)
            let requestId = try #require(UUID(uuidString: id))

            let (status, waiting) = await stack.call(.GET, "/api/v2/generate/check/\(id)")
            #expect(status == 200)
            #expect(waiting["waiting"] == 3 && waiting["finished"] == 0 && waiting["done"] == false)
            #expect(waiting["generations"] == nil, "check has no generations")

            try await stack.insertSchedulerRequest(requestId, state: "waiting", n: 3, waiting: 1)
            let workerId = UUID()
            let done = try await stack.insertJob(request: requestId, state: "done", ownerId: user.id, workerId: workerId, cost: 7.5)
            try await stack.insertJob(request: requestId, ownerId: user.id)
            try await stack.pool.execute(
                """
                INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, seed, state,
                    result, content_type, gen_metadata, expires_at)
                VALUES (\(done), \(requestId), 'image', \(workerId), 'it-worker', 'stable_diffusion', '777', 'ok',
                    \(GatewayStack.pngBase64), 'image/png', '[]', now() + interval '20 minutes')
                """)

            // Still the cached answer until something invalidates it.
            #expect(await stack.call(.GET, "/api/v2/generate/check/\(id)").body["waiting"] == 3)
            await stack.context.statusCache.invalidate(requestId)
            let (_, check) = await stack.call(.GET, "/api/v2/generate/check/\(id)")
            #expect(check["finished"] == 1)
            #expect(check["processing"] == 1)
            #expect(check["waiting"] == 1)
            #expect(check["kudos"] == 8)
            #expect(check["done"] == false)

            let (fullStatus, full) = await stack.call(.GET, "/api/v2/generate/status/\(id)")
            #expect(fullStatus == 200)
            let generations = try #require(full["generations"]?.arrayValue)
            #expect(generations.count == 1)
            #expect(generations.first?["img"]?.stringValue == GatewayStack.pngBase64)
            #expect(generations.first?["id"]?.stringValue == done.uuidString.lowercased())
            #expect(generations.first?["worker_id"]?.stringValue == workerId.uuidString.lowercased())
            #expect(generations.first?["censored"] == false)
            #expect(full["shared"] == false)

            // The text endpoint does not serve image requests; bad ids are 404 too.
            #expect(await stack.call(.GET, "/api/v2/generate/text/status/\(id)").status == 404)
            let (notUUID, notUUIDBody) = await stack.call(.GET, "/api/v2/generate/check/not-a-uuid")
            #expect(notUUID == 404 && notUUIDBody["rc"] == "RequestNotFound")
            #expect(await stack.call(.GET, "/api/v2/generate/status/\(UUID())").status == 404)
        }
    }

    @Test func requestEventsInvalidateTheCache() async throws {
        try await GatewayStack.with({ $0.statusTTL = .seconds(60) }) { stack in
            let user = try await stack.createUser("frank")
            let requestId = try await stack.insertRequest(userId: user.id, n: 1)
            try await stack.insertSchedulerRequest(requestId, state: "waiting", n: 1, waiting: 1)
            #expect(await stack.call(.GET, "/api/v2/generate/check/\(requestId)").body["done"] == false)
            try await stack.pool.execute("UPDATE scheduler.requests SET state = 'done', n_waiting = 0 WHERE id = \(requestId)")
            #expect(await stack.call(.GET, "/api/v2/generate/check/\(requestId)").body["done"] == false)

            let consumer = StatusInvalidationConsumer.make(
                kafka: stack.kafka, cache: stack.context.statusCache, logger: stack.logger)
            let running = Task { try await consumer.run() }
            defer { running.cancel() }
            let finished = RequestFinished(requestId: requestId, kind: .image, requesterId: user.id, state: .done, finishedAt: Date())
            // The consumer starts at the latest offset once its group has joined: publish until it reacts.
            var done = false
            let deadline = ContinuousClock.now + .seconds(40)
            while !done, ContinuousClock.now < deadline {
                try await stack.context.publisher.publish(
                    Topics.requestEvents, key: requestId.uuidString.lowercased(), RequestEvent.finished(finished))
                try await Task.sleep(for: .milliseconds(500))
                done = await stack.call(.GET, "/api/v2/generate/check/\(requestId)").body["done"] == true
            }
            #expect(done)
        }
    }

    @Test func cancelAnswersWithTheStatusAndQueuesTheCancellation() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let user = try await stack.createUser("gina")
            let requestId = try await stack.insertRequest(kind: .text, userId: user.id, n: 2)
            try await stack.insertSchedulerRequest(requestId, kind: .text, state: "waiting", n: 2, waiting: 2)
            let (status, body) = await stack.call(.DELETE, "/api/v2/generate/text/status/\(requestId)")
            #expect(status == 200)
            #expect(body["waiting"] == 2)
            #expect(body["generations"] == [])
            let envelope = try #require(await reader.first {
                if case .cancelled(let cancelled) = $0.payload { return cancelled.requestId == requestId }
                return false
            })
            await reader.close()
            #expect(envelope.type == "request.cancelled")
            #expect(await stack.call(.DELETE, "/api/v2/generate/status/\(requestId)").status == 404, "kind must match")
        }
    }

    @Test func expiredRequestsAreGone() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("hank")
            let requestId = try await stack.insertRequest(userId: user.id, expiresIn: -5)
            let (status, body) = await stack.call(.GET, "/api/v2/generate/check/\(requestId)")
            #expect(status == 404)
            #expect(body["rc"] == "RequestNotFound")
        }
    }
}
