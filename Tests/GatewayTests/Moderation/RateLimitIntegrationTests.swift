import Foundation
import HTTP
import HordeCore
import Messages
import Redis
import Testing

@testable import Gateway

@Suite("HTTP rate limits in Redis", .enabled(if: integrationEnabled), .serialized)
struct RateLimitIntegrationTests {
    @Test func limitsAnswer429WithRetryAfterAndAreSharedByReplicas() async throws {
        try await GatewayStack.with({
            $0.moderation.exemptIPs = []
            $0.moderation.syncInterval = .milliseconds(10)
        }) { stack in
            let client = ModerationClient(stack, address: "203.0.113.50")
            // A second replica: same Redis and database, its own router.
            let replica = GatewayContext(
                config: stack.context.config, instanceId: "replica", logger: stack.logger, pool: stack.pool,
                redis: stack.redis, publisher: stack.context.publisher)
            let other = ModerationClient(
                handler: GatewayRoutes.router(replica, readiness: stack.readiness).handler(), address: "203.0.113.50")

            // The status endpoint allows 10 per minute per IP and path, counted across both replicas (each
            // replica counts in memory and shares its counts within the synchronisation interval).
            let path = "/api/v2/generate/status/\(UUID())"
            var statuses: [Int] = []
            for index in 0..<11 {
                statuses.append(await (index.isMultiple(of: 2) ? client : other).send(.GET, path).status)
                try await Task.sleep(for: .milliseconds(60))
            }
            #expect(statuses.prefix(10).allSatisfy { $0 == 404 })
            let limited = await client.send(.GET, path)
            #expect(limited.status == 429)
            #expect(limited.rc == "RateLimited")
            let retryAfter = Int(limited.headers["Retry-After"] ?? "") ?? 0
            #expect((1...60).contains(retryAfter))
            // Another path, another IP and the heartbeat are not affected.
            #expect(await client.send(.GET, "/api/v2/generate/status/\(UUID())").status == 404)
            #expect(await ModerationClient(stack, address: "203.0.113.51").send(.GET, path).status == 404)
            for _ in 0..<200 { #expect(await client.send(.GET, "/api/v2/status/heartbeat").status == 200) }
        }
    }

    @Test func generationCountsPerKeyAndLoopbackIsExemptByDefault() async throws {
        try await GatewayStack.with({ $0.moderation.exemptIPs = [] }) { stack in
            let user = try await stack.createUser("fast")
            let client = ModerationClient(stack, address: "203.0.113.60")
            let body = #"{"prompt": "a cat", "dry_run": true}"#
            let first = await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey)
            let second = await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey)
            let third = await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey)
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(third.status == 429, "2 per second per IP and key")
        }
        try await GatewayStack.with { stack in
            let client = ModerationClient(stack, address: "127.0.0.1")
            for _ in 0..<12 {
                #expect(await client.send(.GET, "/api/v2/generate/status/x").status == 404)
            }
        }
    }
}

extension ModerationClient {
    init(handler: @escaping HTTPHandler, address: String) {
        self.handler = handler
        self.address = address
    }
}

@Suite("Rate limiter without Redis")
struct RateLimiterOutageTests {
    @Test func eachReplicaStillLimitsOnItsOwnCountsWhileRedisIsDown() async throws {
        let logger = Logger(label: "test", level: .critical)
        let dead = RedisClient(
            config: RedisConfig(url: "redis://127.0.0.1:1/0"), logger: logger)
        let limiter = RateLimiter(redis: dead, syncInterval: .milliseconds(1), logger: logger)
        let keys: [(key: String, window: Duration)] = [("k", .seconds(60))]
        let calls = (0..<5).map { _ in limiter.hit(keys, timeoutKey: "t").counts[0].calls }
        #expect(calls == [1, 2, 3, 4, 5])
        await limiter.synchronise()
        // The failed synchronisation keeps the calls: the count goes on from 5.
        #expect(limiter.hit(keys, timeoutKey: nil).counts[0].calls == 6)
        #expect(limiter.hit(keys, timeoutKey: nil).counts[0].resetAfter <= .seconds(60))
        limiter.noteTimeout("t", lasting: .seconds(30))
        #expect(limiter.hit([], timeoutKey: "t").timeoutLeft != nil)
        limiter.clearTimeout("t")
        #expect(limiter.hit([], timeoutKey: "t").timeoutLeft == nil)
        await dead.close()
    }
}
