import Postgres
import Testing

extension PostgresIntegrationTests {
    @Suite("SELECT 1 round-trip latency") struct LatencyTests {
        @Test func tenThousandSelectOnesThroughThePool() async throws {
            let pool = TestPostgres.pool("latency")
            for _ in 0..<500 { try await pool.query("SELECT 1") }

            var samples: [Duration] = []
            samples.reserveCapacity(10_000)
            let clock = ContinuousClock()
            for _ in 0..<10_000 {
                let start = clock.now
                let rows = try await pool.query("SELECT 1")
                samples.append(start.duration(to: clock.now))
                #expect(rows.count == 1)
            }
            samples.sort()
            let p50 = samples[samples.count / 2]
            let p99 = samples[samples.count * 99 / 100]
            let worst = samples[samples.count - 1]
            print(
                "postgres SELECT 1 through the pool, 10000 calls:",
                "p50=\(micros(p50)) µs p99=\(micros(p99)) µs max=\(micros(worst)) µs")
            #expect(p50 < .milliseconds(2))
            await pool.close()
        }

        private func micros(_ duration: Duration) -> Int {
            let (seconds, attoseconds) = duration.components
            return Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
        }
    }
}
