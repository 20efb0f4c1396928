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
            kafka: KafkaConfig.fromEnvironment(clientId: "ledger-tests"),
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
