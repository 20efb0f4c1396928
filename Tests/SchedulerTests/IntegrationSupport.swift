import Foundation
import HordeCore
import Kafka
import Messages
import Postgres
import ServiceKit
import Synchronization

@testable import Scheduler

/// Isolation for tests against the real Postgres and Kafka: a topic prefix unique to this test process (set
/// before anything reads `Topics`), a fresh database per test, and unique consumer groups.
enum IntegrationSupport {
    static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil

    /// A topic namespace of one test's own.
    static func scope() -> String { "t\(UUID().uuidString.prefix(8).lowercased())." }

    /// Unique per test process. Reading it sets `HORDE_TOPIC_PREFIX` (keeping any prefix the runner set).
    static let runId: String = {
        let id = "sched\(UInt32.random(in: 0...UInt32.max))"
        let existing = ProcessInfo.processInfo.environment["HORDE_TOPIC_PREFIX"] ?? ""
        setenv("HORDE_TOPIC_PREFIX", "\(existing)\(id).", 1)
        return id
    }()

    /// Refuses to run against unprefixed topics (something read `Topics` before the prefix was set), which would
    /// mix the test's messages with a running horde's.
    static func requireIsolatedTopics() throws {
        struct NotIsolated: Error, CustomStringConvertible {
            var description: String { "HORDE_TOPIC_PREFIX was not set before Topics was first read" }
        }
        if Topics.prefix.isEmpty { throw NotIsolated() }
    }

    static let baseURL =
        ProcessInfo.processInfo.environment["HORDE_POSTGRES_URL"]
        ?? "postgresql://horde@127.0.0.1:5432/horde"

    /// `baseURL` pointing at another database.
    static func url(database: String) -> String {
        guard let scheme = baseURL.range(of: "://"),
            let slash = baseURL.range(of: "/", range: scheme.upperBound..<baseURL.endIndex)
        else { return baseURL + "/" + database }
        let query = baseURL[slash.upperBound...].firstIndex(of: "?").map { String(baseURL[$0...]) } ?? ""
        return String(baseURL[..<slash.upperBound]) + database + query
    }

    /// Creates an empty database for one test; returns its name.
    static func createDatabase() async throws -> String {
        let name = "horde_test_\(runId)_\(UInt32.random(in: 0...UInt32.max))"
        try await withAdminPool { try await $0.execute("CREATE DATABASE \(unsafeSQL: name)") }
        return name
    }

    static func dropDatabase(_ name: String) async {
        try? await withAdminPool { try await $0.execute("DROP DATABASE IF EXISTS \(unsafeSQL: name) WITH (FORCE)") }
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
    static func environment(database: String, _ extra: [String: String] = [:]) -> Environment {
        var values = ProcessInfo.processInfo.environment
        values["HORDE_POSTGRES_URL"] = url(database: database)
        values["HORDE_POSTGRES_POOL_SIZE"] = "4"
        values["HORDE_STARTUP_TIMEOUT"] = "20s"
        values["HORDE_SHUTDOWN_TIMEOUT"] = "10s"
        values.merge(extra) { _, new in new }
        return Environment(values)
    }

    /// Polls `condition` until it holds or `timeout` passes.
    static func eventually(
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

/// A scheduler process inside the test: started like `horde-scheduler` (without the admin port) and stopped with
/// a graceful shutdown.
final class RunningScheduler: Sendable {
    let app: SchedulerApp
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(app: SchedulerApp, group: ServiceGroup, task: Task<Void, any Error>) {
        self.app = app
        self.group = group
        self.task = task
    }

    static func start(
        database: String, consumerGroup: String, topics: SchedulerTopics, _ extra: [String: String] = [:]
    ) async throws -> RunningScheduler {
        var settings = extra
        settings["HORDE_SCHEDULER_GROUP"] = consumerGroup
        let app = try await SchedulerApp.start(
            env: IntegrationSupport.environment(database: database, settings), topics: topics)
        let group = ServiceGroup(
            services: app.services(includeAdmin: false), logger: app.runtime.logger, signals: [],
            gracefulShutdownTimeout: .seconds(15))
        let task = Task { try await group.run() }
        return RunningScheduler(app: app, group: group, task: task)
    }

    var publisher: EventPublisher { app.runtime.publisher }
    var topics: SchedulerTopics { app.topics }

    /// Sends `payload` to `topic` in a fresh envelope.
    func send<P: EnvelopePayload>(_ payload: P, to topic: String, key: String) async throws {
        try await publisher.publish(topic, key: key, Envelope(payload: payload))
    }
    var postgres: PostgresPool { app.runtime.postgres }

    /// Graceful shutdown, then the runtime's connections close (what `ServiceRuntime.run` does after its group).
    func stop() async {
        group.triggerGracefulShutdown()
        _ = try? await task.value
        await app.runtime.producer.close()
        await app.runtime.redis.close()
        await app.runtime.postgres.close()
    }
}

/// Collects every envelope of one topic (its own consumer group, from the earliest offset).
final class Collector<Payload: EnvelopePayload>: Sendable {
    private let consumer: KafkaConsumer
    private let received: Received
    private let task: Task<Void, Never>

    private final class Received: Sendable {
        let envelopes = Mutex<[Envelope<Payload>]>([])
    }

    init(_ payload: Payload.Type, topic: String) throws {
        let config = KafkaConsumerConfig(
            kafka: KafkaConfig.fromEnvironment(clientId: "scheduler-tests"),
            groupId: "\(IntegrationSupport.runId)-collector-\(UUID().uuidString.prefix(8))", topics: [topic])
        let consumer = try KafkaConsumer(config: config, logger: Logger(label: "test", level: .warning))
        let received = Received()
        self.consumer = consumer
        self.received = received
        self.task = Task {
            do {
                for try await message in consumer.messages {
                    guard let bytes = message.value, let envelope = try? WireCoding.decode(Payload.self, from: bytes)
                    else { continue }
                    received.envelopes.withLock { $0.append(envelope) }
                }
            } catch {}
        }
    }

    /// Every envelope received so far that satisfies `predicate`.
    func all(_ predicate: (Envelope<Payload>) -> Bool = { _ in true }) -> [Envelope<Payload>] {
        received.envelopes.withLock { $0.filter(predicate) }
    }

    /// The first envelope satisfying `predicate`, waiting up to `timeout` for it.
    func first(timeout: Duration = .seconds(30), _ predicate: @escaping @Sendable (Envelope<Payload>) -> Bool)
        async throws -> Envelope<Payload>?
    {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let match = received.envelopes.withLock({ $0.first(where: predicate) }) { return match }
            try await Task.sleep(for: .milliseconds(20))
        }
        return received.envelopes.withLock { $0.first(where: predicate) }
    }

    func close() async {
        await consumer.close()
        await task.value
    }
}
