import Foundation
import HordeCore
import HordeTestSupport
import Messages
import Testing

@testable import Scheduler

/// Matching, ordering, batching and the queue statistics through a running scheduler (Postgres, Kafka, Redis).
@Suite(.serialized, .enabled(if: IntegrationSupport.enabled), .timeLimit(.minutes(5)))
struct SchedulerMatchingIntegrationTests {
    typealias S = SchedulerIntegrationTests

    static func request(model: String, userId: Int, priority: Double, n: Int = 1, payload: JSONValue? = nil)
        -> RequestCreated
    {
        var request = S.request(model: model, n: n)
        request.userId = userId
        request.priority = priority
        if let payload { request.payload = payload }
        return request
    }

    @Test func theOwnersAndPriorityUsersRequestsGoFirst() async throws {
        try await S.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let rich = Self.request(model: model, userId: 500, priority: 100_000)
            let owners = Self.request(model: model, userId: 77, priority: 0)
            let friends = Self.request(model: model, userId: 88, priority: 0)
            for request in [rich, owners, friends] {
                try await S.send(scheduler, request)
                #expect(try await S.queued(request, in: events))
            }
            let worker = S.worker(model: model)
            let first = S.pop(worker, on: scheduler)
            try await S.send(scheduler, first)
            #expect(try await S.reply(to: first, in: replies)?.assignment?.requestId == owners.requestId)

            var befriended = S.worker(model: model)
            befriended.priorityUserIds = [88]
            let second = S.pop(befriended, on: scheduler)
            try await S.send(scheduler, second)
            #expect(try await S.reply(to: second, in: replies)?.assignment?.requestId == friends.requestId)

            let third = S.pop(S.worker(model: model), on: scheduler)
            try await S.send(scheduler, third)
            #expect(try await S.reply(to: third, in: replies)?.assignment?.requestId == rich.requestId)
        }
    }

    @Test func aWorkerLackingACapabilityIsToldWhy() async throws {
        try await S.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let payload: JSONValue = [
                "prompt": "a lighthouse", "width": 512, "height": 512, "loras": [["name": "GlowingRunes"]],
            ]
            let request = Self.request(model: model, userId: 4242, priority: 10, payload: payload)
            try await S.send(scheduler, request)
            #expect(try await S.queued(request, in: events))
            let refusing = S.pop(S.worker(model: model), on: scheduler)
            try await S.send(scheduler, refusing)
            let reply = try #require(try await S.reply(to: refusing, in: replies))
            #expect(reply.assignment == nil)
            #expect(reply.skipped["lora"] == 1)
            #expect(reply.skipped["models"] == 0)
            #expect(try await S.requestRow(scheduler, request.requestId)?.waiting == 1)

            var willing = S.worker(model: model)
            willing.allowLora = true
            let accepted = S.pop(willing, on: scheduler)
            try await S.send(scheduler, accepted)
            let assignment = try #require(try await S.reply(to: accepted, in: replies)?.assignment)
            // The worker gets the LoRas as requested.
            #expect(assignment.payload["loras"] == [["name": "GlowingRunes"]])
        }
    }

    @Test func batchesFollowTheResolutionRuleAndDisableBatching() async throws {
        try await S.withScheduler { scheduler, events, replies, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let small = Self.request(
                model: model, userId: 4242, priority: 10, n: 4,
                payload: ["prompt": "a lighthouse", "width": 256, "height": 256])
            try await S.send(scheduler, small)
            #expect(try await S.queued(small, in: events))
            // 1024² / 3.5 × 4 over 256² rounds to 18: the whole request fits one batch of 4.
            let worker = Fixtures.worker(models: [model], maxPixels: 1024 * 1024, amount: 4, ownerId: 77)
            let pop = S.pop(worker, on: scheduler)
            try await S.send(scheduler, pop)
            #expect(try await S.reply(to: pop, in: replies)?.assignment?.jobIds.count == 4)

            var single = Self.request(model: model, userId: 4242, priority: 10, n: 3)
            single.disableBatching = true
            try await S.send(scheduler, single)
            #expect(try await S.queued(single, in: events))
            let again = S.pop(worker, on: scheduler)
            try await S.send(scheduler, again)
            let assignment = try #require(try await S.reply(to: again, in: replies)?.assignment)
            #expect(assignment.requestId == single.requestId)
            #expect(assignment.jobIds.count == 1)
            #expect(assignment.payload["n_iter"] == 1)
        }
    }

    @Test func queueStatisticsReachRedis() async throws {
        let prefix = "\(IntegrationSupport.runId):sched-\(UUID().uuidString.prefix(8)):"
        try await S.withScheduler(["HORDE_REDIS_PREFIX": prefix]) { scheduler, events, _, _ in
            let model = "model-\(UUID().uuidString.prefix(8))"
            let first = Self.request(model: model, userId: 4242, priority: 1000, n: 2)
            let second = Self.request(model: model, userId: 4243, priority: 10, n: 1)
            for request in [first, second] {
                try await S.send(scheduler, request)
                #expect(try await S.queued(request, in: events))
            }
            let redis = scheduler.app.runtime.redis
            let key = QueueSnapshotKeys.positions(prefix: prefix, kind: "image")
            #expect(
                try await IntegrationSupport.eventually(timeout: .seconds(10)) {
                    let positions = try await redis.hgetall(key)
                    let decoded = positions.compactMapValues(QueueSnapshotKeys.decodePosition)
                    return decoded[first.requestId.uuidString.lowercased()]?.queuePosition == 1
                        && decoded[second.requestId.uuidString.lowercased()]?.queuePosition == 2
                })
            let json = try #require(try await redis.get(QueueSnapshotKeys.snapshot(prefix: prefix)))
            let snapshot = try WireCoding.decoder().decode(QueueSnapshot.self, from: Data(json.utf8))
            let stats = try #require(snapshot.models.first { $0.name == model })
            #expect(stats.kind == "image")
            #expect(stats.queuedRequests == 2)
            #expect(stats.queuedJobs == 3)
            #expect(stats.queuedThings == 3 * 7_864_320)
            _ = try await redis.delete([key, QueueSnapshotKeys.snapshot(prefix: prefix)])
        }
    }
}
