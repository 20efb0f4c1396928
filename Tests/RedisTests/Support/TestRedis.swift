import Foundation
import HordeCore
import Redis

/// Settings shared by the integration suites: the same `HORDE_REDIS_URL` the services read, and names unique
/// to this run so parallel or repeated runs never touch each other's keys, connections or metrics.
enum TestRedis {
    /// Whether the integration suites run (`HORDE_IT` set).
    static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil

    /// The URL the services would use.
    static let url = ProcessInfo.processInfo.environment["HORDE_REDIS_URL"] ?? "redis://127.0.0.1:6379/0"

    /// A key prefix no other run uses.
    static func prefix(_ suite: String) -> String {
        "horde-test:\(suite):\(UUID().uuidString.prefix(8)):"
    }

    /// A client name (and metrics label) no other run uses.
    static func uniqueName(_ suite: String) -> String {
        "t-\(suite)-\(UUID().uuidString.prefix(8))"
    }

    /// A client for the test Redis with a unique name.
    static func client(
        _ suite: String, url: String = TestRedis.url, configure: (inout RedisConfig) -> Void = { _ in }
    ) -> RedisClient {
        var config = RedisConfig(url: url)
        config.clientName = uniqueName(suite)
        configure(&config)
        return RedisClient(config: config, logger: Logger(label: "redis.test", level: .warning))
    }

    /// The current value of a client's failure counter for `reason`.
    static func failures(_ client: RedisClient, _ reason: String) -> Int {
        MetricsRegistry.shared.counter(
            "horde_redis_failures_total", help: "", labels: ["client": client.config.clientName, "reason": reason]
        ).current
    }

    /// Server-side ids of the connections a client holds open, found by its `CLIENT SETNAME` name.
    static func connectionIDs(of client: RedisClient, using admin: RedisClient) async throws -> [String] {
        let list = try await admin.command(["CLIENT", "LIST"]).string ?? ""
        return list.split(separator: "\n").compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.contains(where: { $0 == "name=\(client.config.clientName)" }),
                let id = fields.first(where: { $0.hasPrefix("id=") })
            else { return nil }
            return String(id.dropFirst(3))
        }
    }

    /// Milliseconds elapsed while running `body`.
    static func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return start.duration(to: .now)
    }
}

extension TestRedis {
    /// `url` with its database number replaced by `database`.
    static func url(database: Int) -> String {
        let scheme = "redis://"
        let rest = url.dropFirst(scheme.count)
        let authority = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return scheme + authority + "/\(database)"
    }

    /// Deletes every key under `prefix` (in database 0 of the test URL) and closes `clients`.
    static func finish(prefix: String, closing clients: RedisClient...) async {
        let cleaner = client("cleanup")
        var cursor = "0"
        repeat {
            guard let reply = try? await cleaner.command(["SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000"]),
                let parts = reply.array, parts.count == 2, let next = parts[0].string, let keys = parts[1].array
            else { break }
            cursor = next
            _ = try? await cleaner.delete(keys.compactMap(\.string))
        } while cursor != "0"
        await cleaner.close()
        for client in clients { await client.close() }
    }
}
