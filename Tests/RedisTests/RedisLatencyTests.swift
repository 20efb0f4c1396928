import Redis
import Testing

@Suite("GET round-trip latency", .enabled(if: TestRedis.enabled), .serialized)
struct RedisLatencyTests {
    @Test func tenThousandGets() async throws {
        let client = TestRedis.client("latency")
        let prefix = TestRedis.prefix("latency")
        try await client.set(prefix + "k", String(repeating: "x", count: 64))
        for _ in 0..<500 { _ = try await client.get(prefix + "k") }

        var samples: [Duration] = []
        samples.reserveCapacity(10_000)
        let clock = ContinuousClock()
        for _ in 0..<10_000 {
            let start = clock.now
            _ = try await client.get(prefix + "k")
            samples.append(start.duration(to: clock.now))
        }
        samples.sort()
        let p50 = samples[samples.count / 2]
        let p99 = samples[samples.count * 99 / 100]
        let worst = samples[samples.count - 1]
        print("redis GET, 10000 calls: p50=\(micros(p50)) µs p99=\(micros(p99)) µs max=\(micros(worst)) µs")
        #expect(p50 < .milliseconds(2))
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    private func micros(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
    }
}
