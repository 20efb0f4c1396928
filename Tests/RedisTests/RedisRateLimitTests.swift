import Redis
import Testing

@Suite("Fixed-window rate limiter against a live Redis", .enabled(if: TestRedis.enabled), .serialized)
struct RedisRateLimitTests {
    let client = TestRedis.client("ratelimit")
    let prefix = TestRedis.prefix("ratelimit")

    @Test func allowsUpToTheLimitThenDeniesUntilTheWindowEnds() async throws {
        let key = prefix + "user:1"
        var decisions: [RateLimitDecision] = []
        for _ in 0..<5 { decisions.append(try await client.rateLimit(key: key, limit: 3, window: .seconds(1))) }
        #expect(decisions.map(\.allowed) == [true, true, true, false, false])
        #expect(decisions.map(\.remaining) == [2, 1, 0, 0, 0])
        #expect(decisions[0].retryAfter == .zero)
        let wait = decisions[3].retryAfter
        #expect(wait > .zero && wait <= .seconds(1))

        try await Task.sleep(for: wait + .milliseconds(50))
        let fresh = try await client.rateLimit(key: key, limit: 3, window: .seconds(1))
        #expect(fresh.allowed)
        #expect(fresh.remaining == 2)
        #expect(fresh.resetAfter > .milliseconds(500))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func windowIsFixedFromItsFirstCall() async throws {
        let key = prefix + "fixed"
        _ = try await client.rateLimit(key: key, limit: 10, window: .seconds(3))
        try await Task.sleep(for: .milliseconds(300))
        let later = try await client.rateLimit(key: key, limit: 10, window: .seconds(3))
        #expect(later.resetAfter <= .milliseconds(2750))
        #expect(later.remaining == 8)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func keysAreIndependent() async throws {
        #expect(try await client.rateLimit(key: prefix + "a", limit: 1, window: .seconds(5)).allowed)
        #expect(try await !client.rateLimit(key: prefix + "a", limit: 1, window: .seconds(5)).allowed)
        #expect(try await client.rateLimit(key: prefix + "b", limit: 1, window: .seconds(5)).allowed)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func concurrentCallersNeverExceedTheLimit() async throws {
        let key = prefix + "burst"
        let allowed = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<100 {
                group.addTask { try await client.rateLimit(key: key, limit: 10, window: .seconds(5)).allowed }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(allowed == 10)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func counterWithoutExpiryGetsOne() async throws {
        let key = prefix + "legacy"
        try await client.set(key, "5")
        let decision = try await client.rateLimit(key: key, limit: 10, window: .seconds(2))
        #expect(decision.remaining == 4)
        let left = try #require(try await client.timeToLive(key))
        #expect(left > .zero && left <= .seconds(2))
        await TestRedis.finish(prefix: prefix, closing: client)
    }
}
