import Foundation
import HordeCore
import Postgres

/// Settings shared by the integration suites: the `HORDE_POSTGRES_URL` the services read, and names unique to
/// this run (schemas, application names, channels) so parallel or repeated runs never touch each other's data.
enum TestPostgres {
    /// Whether the integration suites run (`HORDE_IT` set).
    static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil

    /// The URL the services would use.
    static let url =
        ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"] ?? "postgresql://horde@127.0.0.1:5432/horde"

    /// Quiet logs: only warnings and above, which this module never writes.
    static let logger = Logger(label: "postgres.test", level: .warning)

    /// A lower-case identifier no other run uses.
    static func uniqueName(_ suite: String) -> String {
        "t_\(suite)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A configuration with a unique application name (to find its sessions in `pg_stat_activity`).
    static func config(_ suite: String, configure: (inout PostgresConfig) -> Void = { _ in }) -> PostgresConfig {
        var config = PostgresConfig(url: url)
        config.applicationName = uniqueName(suite)
        configure(&config)
        return config
    }

    /// A pool with a unique application name.
    static func pool(_ suite: String, configure: (inout PostgresConfig) -> Void = { _ in }) -> PostgresPool {
        PostgresPool(config: config(suite, configure: configure), logger: logger)
    }

    /// Runs `body` with a fresh pool and a fresh schema, then drops the schema and closes the pool.
    static func withSchema(
        _ suite: String, configure: (inout PostgresConfig) -> Void = { _ in },
        _ body: (PostgresPool, String) async throws -> Void
    ) async throws {
        let pool = pool(suite, configure: configure)
        let schema = uniqueName(suite)
        try await pool.execute("CREATE SCHEMA \(unsafeSQL: schema)")
        do {
            try await body(pool, schema)
        } catch {
            await dropSchema(schema)
            await pool.close()
            throw error
        }
        await dropSchema(schema)
        await pool.close()
    }

    /// Drops `schema` with everything in it, on a connection of its own.
    static func dropSchema(_ schema: String) async {
        let admin = pool("cleanup")
        _ = try? await admin.execute("DROP SCHEMA IF EXISTS \(unsafeSQL: schema) CASCADE")
        await admin.close()
    }

    /// Backend pids of the sessions opened with `applicationName`.
    static func sessions(of applicationName: String, using pool: PostgresPool) async throws -> [Int32] {
        try await pool.query("SELECT pid FROM pg_stat_activity WHERE application_name = \(applicationName)")
            .map { try $0.decode("pid", as: Int32.self) }
    }

    /// Terminates the session `pid` and waits until the server has ended it.
    static func terminate(_ pid: Int32, using pool: PostgresPool) async throws {
        try await pool.query("SELECT pg_terminate_backend(\(pid))")
        try await waitUntil {
            try await pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(pid)").isEmpty
        }
    }

    /// Polls `condition` every 10 ms until it holds; throws after `timeout`.
    static func waitUntil(
        timeout: Duration = .seconds(5), _ condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// How long `body` took.
    static func elapsed(_ body: () async throws -> Void) async rethrows -> Duration {
        let start = ContinuousClock.now
        try await body()
        return start.duration(to: .now)
    }

    /// A condition that did not come true in time.
    struct TimedOut: Error {}
}

extension TestPostgres {
    /// The current value of one of a pool's counters.
    static func counter(_ name: String, _ pool: PostgresPool) -> Int {
        MetricsRegistry.shared.counter(name, help: "", labels: ["pool": pool.config.applicationName]).current
    }
}
