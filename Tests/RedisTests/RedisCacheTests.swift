import HordeCore
import Redis
import Testing

@Suite("RedisCache against a live Redis", .enabled(if: TestRedis.enabled), .serialized)
struct RedisCacheTests {
    struct User: Codable, Equatable {
        var id: Int
        var name: String
        var kudos: Double
        var roles: [String]
    }

    let client = TestRedis.client("cache")
    let prefix = TestRedis.prefix("cache")

    private func requests(_ cache: RedisCache, _ result: String) -> Int {
        MetricsRegistry.shared.counter(
            "horde_redis_cache_requests_total", help: "", labels: ["cache": prefix, "result": result]
        ).current
    }

    @Test func typedValuesRoundTripAndMissesAreNil() async throws {
        let cache = RedisCache(client: client, prefix: prefix, logger: Logger(label: "test", level: .warning))
        let alice = User(id: 1, name: "alice", kudos: 12.5, roles: ["trusted"])
        #expect(await cache.get("u1", as: User.self) == nil)
        await cache.set("u1", alice, ttl: .seconds(30))
        #expect(await cache.get("u1", as: User.self) == alice)
        #expect(requests(cache, "miss") == 1)
        #expect(requests(cache, "hit") == 1)

        let left = try #require(try await client.timeToLive(cache.redisKey("u1")))
        #expect(left > .seconds(29))

        await cache.invalidate("u1")
        #expect(await cache.get("u1", as: User.self) == nil)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func keysLiveUnderThePrefix() async throws {
        let cache = RedisCache(client: client, prefix: prefix + "status", logger: Logger(label: "test"))
        await cache.setRaw("r1", [0, 1, 2], ttl: .seconds(30))
        #expect(try await client.getBytes(prefix + "status:r1") == [0, 1, 2])
        #expect(await cache.getRaw("r1") == [0, 1, 2])
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func valueOfAnotherShapeIsAMissAndCounted() async throws {
        let cache = RedisCache(client: client, prefix: prefix, logger: Logger(label: "test", level: .warning))
        await cache.set("u2", ["not", "a", "user"], ttl: .seconds(30))
        #expect(await cache.get("u2", as: User.self) == nil)
        let decodeFailures = MetricsRegistry.shared.counter(
            "horde_redis_cache_failures_total", help: "", labels: ["cache": prefix, "operation": "decode"]
        ).current
        #expect(decodeFailures == 1)
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func expiredEntriesAreMisses() async throws {
        let cache = RedisCache(client: client, prefix: prefix, logger: Logger(label: "test", level: .warning))
        await cache.set("short", 42, ttl: .milliseconds(400))
        #expect(await cache.get("short", as: Int.self) == 42)
        try await Task.sleep(for: .milliseconds(600))
        #expect(await cache.get("short", as: Int.self) == nil)
        await TestRedis.finish(prefix: prefix, closing: client)
    }
}
