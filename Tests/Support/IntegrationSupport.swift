import Foundation
import HordeCore
import Messages
import Postgres

/// Isolation for tests against the real Postgres and Kafka: a topic prefix unique to this test process (set
/// before anything reads `Topics`), a fresh database per test, and unique consumer groups.
package enum IntegrationSupport {
    package static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil

    /// A topic namespace of one test's own.
    package static func scope() -> String { "t\(UUID().uuidString.prefix(8).lowercased())." }

    /// Unique per test process. Reading it sets `HORDE_TOPIC_PREFIX` (keeping any prefix the runner set).
    package static let runId: String = {
        let id = "it\(UInt32.random(in: 0...UInt32.max))"
        let existing = ProcessInfo.processInfo.environment["HORDE_TOPIC_PREFIX"] ?? ""
        setenv("HORDE_TOPIC_PREFIX", "\(existing)\(id).", 1)
        return id
    }()

    /// Refuses to run against unprefixed topics (something read `Topics` before the prefix was set), which would
    /// mix the test's messages with a running horde's.
    package static func requireIsolatedTopics() throws {
        struct NotIsolated: Error, CustomStringConvertible {
            var description: String { "HORDE_TOPIC_PREFIX was not set before Topics was first read" }
        }
        if Topics.prefix.isEmpty { throw NotIsolated() }
    }

    package static let baseURL =
        ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"]
        ?? "postgresql://horde@127.0.0.1:5432/horde"

    /// `baseURL` pointing at another database.
    package static func url(database: String) -> String {
        guard let scheme = baseURL.range(of: "://"),
            let slash = baseURL.range(of: "/", range: scheme.upperBound..<baseURL.endIndex)
        else { return baseURL + "/" + database }
        let query = baseURL[slash.upperBound...].firstIndex(of: "?").map { String(baseURL[$0...]) } ?? ""
        return String(baseURL[..<slash.upperBound]) + database + query
    }

    /// Creates an empty database for one test; returns its name.
    package static func createDatabase() async throws -> String {
        let name = "horde_test_\(runId)_\(UInt32.random(in: 0...UInt32.max))"
        try await withAdminPool { try await $0.execute("CREATE DATABASE \(unsafeSQL: name)") }
        return name
    }

    package static func dropDatabase(_ name: String) async {
        try? await withAdminPool { try await $0.execute("DROP DATABASE IF EXISTS \(unsafeSQL: name) WITH (FORCE)") }
    }

    /// Runs `body` with a pool on a database of its own, then closes the pool and drops the database.
    package static func withDatabase(_ body: (PostgresPool) async throws -> Void) async throws {
        let database = try await createDatabase()
        let pool = PostgresPool(
            config: PostgresConfig(url: url(database: database)), logger: Logger(label: "test", level: .warning))
        do {
            try await body(pool)
        } catch {
            await pool.close()
            await dropDatabase(database)
            throw error
        }
        await pool.close()
        await dropDatabase(database)
    }

    private static func withAdminPool(_ body: @Sendable (PostgresPool) async throws -> Void) async throws {
        let pool = PostgresPool(config: PostgresConfig(url: baseURL), logger: Logger(label: "test", level: .warning))
        do {
            try await body(pool)
            await pool.close()
        } catch {
            await pool.close()
            throw error
        }
    }

    /// The process environment plus the test's database and a quiet admin port.
    package static func environment(database: String, _ extra: [String: String] = [:]) -> Environment {
        var values = ProcessInfo.processInfo.environment
        values["HORDE_POSTGRES_URL"] = url(database: database)
        values["HORDE_POSTGRES_POOL_SIZE"] = "4"
        values["HORDE_STARTUP_TIMEOUT"] = "20s"
        values["HORDE_SHUTDOWN_TIMEOUT"] = "10s"
        values.merge(extra) { _, new in new }
        return Environment(values)
    }

    /// Polls `condition` until it holds or `timeout` passes.
    package static func eventually(
        timeout: Duration = .seconds(30), _ condition: @Sendable () async throws -> Bool
    ) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
