import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Postgres
import ServiceKit
import Synchronization

@testable import Scheduler

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
        // Queue statistics go under a prefix of this test's own, never over a running horde's.
        if settings["HORDE_REDIS_PREFIX"] == nil { settings["HORDE_REDIS_PREFIX"] = "\(consumerGroup):" }
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
