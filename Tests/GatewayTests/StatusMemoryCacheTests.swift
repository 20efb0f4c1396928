import Foundation
import Testing

@testable import Gateway

@Suite("Status bodies kept in memory")
struct StatusMemoryCacheTests {
    @Test func entriesExpireAndCanBeDropped() async throws {
        let cache = StatusMemoryCache(ttl: .milliseconds(100))
        cache.set("a", [1], lifetime: .seconds(60))
        cache.set("b", [2], lifetime: .milliseconds(1))
        #expect(cache.get("a") == [1])
        try await Task.sleep(for: .milliseconds(20))
        #expect(cache.get("b") == nil, "a shorter lifetime wins over the cache's ttl")
        cache.remove(["a"])
        #expect(cache.get("a") == nil)
        cache.set("c", [3], lifetime: .seconds(60))
        try await Task.sleep(for: .milliseconds(150))
        #expect(cache.get("c") == nil)
    }

    @Test func largeBodiesAndOverflowStayBounded() {
        let cache = StatusMemoryCache(ttl: .seconds(60), capacity: 3, maxBodyBytes: 4)
        cache.set("big", [1, 2, 3, 4, 5], lifetime: .seconds(60))
        #expect(cache.get("big") == nil)
        for key in ["a", "b", "c", "d"] { cache.set(key, [1], lifetime: .seconds(60)) }
        #expect(cache.get("d") == [1])
        #expect(["a", "b", "c"].filter { cache.get($0) != nil }.isEmpty, "a full cache starts over")
    }
}
