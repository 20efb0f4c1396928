import Foundation
import HordeCore
import ServiceKit

@testable import Worker

/// Running workers in-process for the integration suites, with names and topics unique to the run.
enum WorkerTestStack {
    static let enabled = ProcessInfo.processInfo.environment["HORDE_IT"] != nil
    static let brokers = ProcessInfo.processInfo.environment["HORDE_KAFKA_BROKERS"] ?? "127.0.0.1:9092"
    static let logger = Logger(label: "worker.test", level: .warning)

    /// Sets `HORDE_TOPIC_PREFIX` for this process before anything reads `Topics`; every suite touching topics
    /// calls it first.
    static let isolateTopics: Void = {
        setenv("HORDE_TOPIC_PREFIX", "it-worker-\(UUID().uuidString.prefix(8).lowercased()).", 1)
    }()

    static func unique(_ stem: String) -> String { "\(stem)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// A worker process's services, run by a group the test can shut down gracefully.
    struct Running {
        let group: ServiceGroup
        let task: Task<Void, any Error>
        let runtime: StatelessRuntime

        /// Graceful shutdown, as SIGTERM would start it; returns how long the worker took to stop.
        func shutDown() async throws -> Duration {
            let started = ContinuousClock.now
            group.triggerGracefulShutdown()
            try await task.value
            await runtime.producer?.close()
            return ContinuousClock.now - started
        }
    }

    static func start(_ settings: [String: String]) async throws -> Running {
        var values = ["HORDE_ADMIN_PORT": "0", "HORDE_KAFKA_BROKERS": brokers, "HORDE_WORKER_API_KEY": FakeHordeGateway.apiKey]
        values.merge(settings) { _, new in new }
        let env = Environment(values)
        let config = try WorkerConfig.fromEnvironment(env)
        let runtime = try await StatelessRuntime.start(
            service: "worker", defaultAdminPort: 7104, kafka: config.mode == .inCluster, env: env)
        let services = WorkerMain.services(runtime: runtime, config: config, transport: SharedHTTPTransport())
        let group = ServiceGroup(services: services, logger: runtime.logger, signals: [])
        let task = Task { try await group.run() }
        return Running(group: group, task: task, runtime: runtime)
    }

    static func waitUntil(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw TimedOut() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct TimedOut: Error {}
}
