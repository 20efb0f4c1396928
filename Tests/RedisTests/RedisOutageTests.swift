import Foundation
import Glibc
import HordeCore
import Redis
import Testing

/// Outages that need no live Redis: nothing listening, and a server that accepts but never answers.
@Suite("Redis outage: failing fast", .serialized, .timeLimit(.minutes(1)))
struct RedisOutageTests {
    @Test func closedPortFailsFastAndTheCacheFallsBack() async throws {
        let client = TestRedis.client("down", url: "redis://127.0.0.1:1/0")
        let cache = RedisCache(client: client, prefix: "down", logger: Logger(label: "test", level: .warning))

        let first = await #expect(throws: RedisError.self) { try await client.get("k") }
        #expect(first?.code == .unavailable)
        #expect(!client.isAvailable)

        var slowest = Duration.zero
        for index in 0..<200 {
            let elapsed = await TestRedis.elapsed {
                let error = await #expect(throws: RedisError.self) { try await client.incr("k\(index)") }
                #expect(error?.code == .unavailable)
            }
            slowest = max(slowest, elapsed)
        }
        #expect(slowest < .milliseconds(50))

        let failuresBefore = cacheFailures("down", "get")
        let cached = await cache.get("user", as: [String].self)
        #expect(cached == nil)
        await cache.set("user", ["a"], ttl: .seconds(1))
        #expect(cacheFailures("down", "get") == failuresBefore + 1)
        #expect(cacheFailures("down", "set") >= 1)
        #expect(TestRedis.failures(client, "unavailable") >= 202)
        await client.close()
    }

    @Test func unansweringServerCostsOneConnectTimeoutThenFailsFast() async throws {
        let listener = try Self.silentListener()
        defer { close(listener.fd) }
        let client = TestRedis.client("silent", url: "redis://127.0.0.1:\(listener.port)/0") {
            $0.connectTimeout = .milliseconds(200)
            $0.commandTimeout = .milliseconds(300)
        }
        let first = await TestRedis.elapsed {
            let error = await #expect(throws: RedisError.self) { try await client.ping() }
            #expect(error?.code == .unavailable)
        }
        #expect(first >= .milliseconds(150) && first < .seconds(2))
        for _ in 0..<50 {
            let elapsed = await TestRedis.elapsed {
                await #expect(throws: RedisError.self) { try await client.ping() }
            }
            #expect(elapsed < .milliseconds(50))
        }
        #expect(
            MetricsRegistry.shared.gauge(
                "horde_redis_circuit_open", help: "", labels: ["client": client.config.clientName]
            ).current == 1)
        await client.close()
    }

    @Test func invalidURLFailsEveryCallWithoutConnecting() async throws {
        let client = TestRedis.client("invalid", url: "http://nowhere")
        let error = await #expect(throws: RedisError.self) { try await client.ping() }
        #expect(error?.code == .invalidConfiguration)
        #expect(!client.isAvailable)
    }

    private func cacheFailures(_ cache: String, _ operation: String) -> Int {
        MetricsRegistry.shared.counter(
            "horde_redis_cache_failures_total", help: "", labels: ["cache": cache, "operation": operation]
        ).current
    }

    /// A socket that listens but never accepts: the kernel completes the TCP handshake and nothing answers.
    private static func silentListener() throws -> (fd: Int32, port: UInt16) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard fd >= 0, ok else { throw POSIXError(.EADDRNOTAVAIL) }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}

/// A real Redis behind a proxy the test can cut: the client must fail fast while it is gone and come back on
/// its own once it returns.
@Suite("Redis outage: recovery", .enabled(if: TestRedis.enabled), .serialized, .timeLimit(.minutes(1)))
struct RedisRecoveryTests {
    @Test func failsFastDuringAnOutageAndRecoversWhenRedisReturns() async throws {
        let upstream = try RedisEndpoint(url: TestRedis.url)
        let proxy = try TCPProxy(upstreamHost: upstream.host, upstreamPort: UInt16(upstream.port))
        try proxy.start()
        defer { proxy.stop() }
        let prefix = TestRedis.prefix("recovery")
        let client = TestRedis.client("recovery", url: Self.url(upstream, port: proxy.port)) {
            $0.reconnectInitialDelay = .milliseconds(50)
            $0.reconnectMaxDelay = .milliseconds(200)
        }
        try await client.set(prefix + "k", "before")

        proxy.stop()
        // The pooled connection notices the closed socket and reconnecting fails, so the circuit opens.
        let outage = await #expect(throws: RedisError.self) { try await client.get(prefix + "k") }
        #expect(outage?.code == .unavailable)
        for _ in 0..<20 {
            let elapsed = await TestRedis.elapsed {
                await #expect(throws: RedisError.self) { try await client.get(prefix + "k") }
            }
            #expect(elapsed < .milliseconds(50))
        }
        #expect(!client.isAvailable)

        try proxy.start()
        let deadline = ContinuousClock.now + .seconds(5)
        while !client.isAvailable && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(client.isAvailable)
        #expect(try await client.get(prefix + "k") == "before")
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    @Test func hungRedisOpensTheCircuitThenRecovers() async throws {
        let upstream = try RedisEndpoint(url: TestRedis.url)
        let proxy = try TCPProxy(upstreamHost: upstream.host, upstreamPort: UInt16(upstream.port))
        try proxy.start()
        defer { proxy.stop() }
        let prefix = TestRedis.prefix("hung")
        let client = TestRedis.client("hung", url: Self.url(upstream, port: proxy.port)) {
            $0.commandTimeout = .milliseconds(100)
            $0.connectTimeout = .milliseconds(100)
            $0.failureThreshold = 3
            $0.reconnectInitialDelay = .milliseconds(50)
            $0.reconnectMaxDelay = .milliseconds(100)
        }
        try await client.set(prefix + "k", "v")

        proxy.freeze()
        // The call in flight times out and its connection is dropped; the replacement's handshake times out
        // too, which opens the circuit; from then on calls fail without waiting.
        let first = await #expect(throws: RedisError.self) { try await client.get(prefix + "k") }
        #expect(first?.code == .timeout)
        let second = await #expect(throws: RedisError.self) { try await client.get(prefix + "k") }
        #expect(second?.code == .unavailable)
        #expect(!client.isAvailable)
        for _ in 0..<20 {
            let elapsed = await TestRedis.elapsed {
                let error = await #expect(throws: RedisError.self) { try await client.get(prefix + "k") }
                #expect(error?.code == .unavailable)
            }
            #expect(elapsed < .milliseconds(50))
        }
        #expect(TestRedis.failures(client, "timeout") == 1)
        #expect(TestRedis.failures(client, "unavailable") == 21)

        proxy.thaw()
        let deadline = ContinuousClock.now + .seconds(5)
        while !client.isAvailable && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try await client.get(prefix + "k") == "v")
        await TestRedis.finish(prefix: prefix, closing: client)
    }

    private static func url(_ upstream: RedisEndpoint, port: UInt16) -> String {
        var userInfo = ""
        if let password = upstream.password {
            let allowed = CharacterSet.alphanumerics
            let user = upstream.username?.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
            userInfo = "\(user):\(password.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")@"
        }
        return "redis://\(userInfo)127.0.0.1:\(port)/\(upstream.database)"
    }
}
