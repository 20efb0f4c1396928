import Foundation
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit

/// The real backing services for the notifier's integration suite, isolated per run: a fresh database (with
/// the gateway's generations table the notifier reads), a topic prefix of its own and unique consumer groups.
enum NotifierTestStack {
    static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil
    static let baseURL = ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"] ?? "postgresql://horde@127.0.0.1:5432/horde"
    static let brokers = ProcessInfo.processInfo.environment["HORDE_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    static let logger = Logger(label: "notifier.test", level: .warning)

    /// Sets `HORDE_TOPIC_PREFIX` for this process before anything reads `Topics`; call first in every suite
    /// that touches topics.
    static let isolateTopics: Void = {
        setenv("HORDE_TOPIC_PREFIX", "it-notifier-\(UUID().uuidString.prefix(8).lowercased()).", 1)
    }()

    /// A lower-case name no other run uses.
    static func unique(_ stem: String) -> String { "\(stem)_\(UUID().uuidString.prefix(8).lowercased())" }

    /// The URL of database `name` on the server of `HORDE_POSTGRES_URL`.
    static func url(database name: String) -> String {
        var components = URLComponents(string: baseURL)!
        components.path = "/\(name)"
        return components.string!
    }

    /// Creates a database with `gateway.generations` as the gateway's migrations define it.
    static func createDatabase() async throws -> String {
        let name = unique("horde_test_notifier")
        let admin = PostgresPool(config: PostgresConfig(url: baseURL), logger: logger)
        try await admin.execute("CREATE DATABASE \(unsafeSQL: name)")
        await admin.close()
        let pool = PostgresPool(config: PostgresConfig(url: url(database: name)), logger: logger)
        try await pool.execute("CREATE SCHEMA gateway")
        try await pool.execute(
            """
            CREATE TABLE gateway.generations (
                job_id uuid PRIMARY KEY, request_id uuid, kind text, worker_id uuid, worker_name text, model text,
                seed text, state text, result text, content_type text, gen_metadata jsonb,
                created_at timestamptz DEFAULT now(), expires_at timestamptz)
            """)
        await pool.close()
        return name
    }

    static func dropDatabase(_ name: String) async {
        let admin = PostgresPool(config: PostgresConfig(url: baseURL), logger: logger)
        _ = try? await admin.execute("DROP DATABASE IF EXISTS \(unsafeSQL: name) WITH (FORCE)")
        await admin.close()
    }

    /// The environment a notifier of this run gets.
    static func environment(database: String, group: String, allowLoopback: Bool, extra: [String: String] = [:])
        -> Environment
    {
        Environment(environmentValues(database: database, group: group, allowLoopback: allowLoopback, extra: extra))
    }

    /// The variables of `environment(…)`, for a notifier started as a separate process.
    static func environmentValues(database: String, group: String, allowLoopback: Bool, extra: [String: String] = [:])
        -> [String: String]
    {
        var values = [
            "HORDE_POSTGRES_URL": url(database: database), "HORDE_KAFKA_BROKERS": brokers, "HORDE_ADMIN_PORT": "0",
            "HORDE_NOTIFIER_GROUP": group, "HORDE_NOTIFIER_ALLOW_LOOPBACK": allowLoopback ? "true" : "false",
            "HORDE_NOTIFIER_TIMEOUT": "1s", "HORDE_NOTIFIER_LEASE": "2s", "HORDE_NOTIFIER_BACKOFF_BASE": "200ms", "HORDE_NOTIFIER_SWEEP_INTERVAL": "300ms",
            "HORDE_INSTANCE_ID": unique("notifier"),
        ]
        if let redis = ProcessInfo.processInfo.environment["HORDE_REDIS_URL"] { values["HORDE_REDIS_URL"] = redis }
        values.merge(extra) { _, new in new }
        return values
    }

    /// Polls `condition` until it holds; throws after `timeout`.
    static func waitUntil(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    struct TimedOut: Error {}
}
