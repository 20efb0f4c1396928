import Foundation
import HordeCore
import HordeTestSupport
import Kafka
import Messages
import Postgres
import ServiceKit
import Synchronization

@testable import Ledger

/// A ledger process inside the test: started like `horde-ledger` (without the admin port) and stopped with a
/// graceful shutdown.
final class RunningLedger: Sendable {
    let app: LedgerApp
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(app: LedgerApp, group: ServiceGroup, task: Task<Void, any Error>) {
        self.app = app
        self.group = group
        self.task = task
    }

    static func start(database: String, consumerGroup: String, topics: LedgerTopics) async throws -> RunningLedger {
        let app = try await LedgerApp.start(
            env: IntegrationSupport.environment(database: database, ["HORDE_LEDGER_GROUP": consumerGroup]),
            topics: topics)
        let group = ServiceGroup(
            services: app.services(includeAdmin: false), logger: app.runtime.logger, signals: [],
            gracefulShutdownTimeout: .seconds(15))
        let task = Task { try await group.run() }
        return RunningLedger(app: app, group: group, task: task)
    }

    var publisher: EventPublisher { app.runtime.publisher }
    var postgres: PostgresPool { app.runtime.postgres }

    func stop() async {
        group.triggerGracefulShutdown()
        _ = try? await task.value
        await app.runtime.producer.close()
        await app.runtime.redis.close()
        await app.runtime.postgres.close()
    }
}
