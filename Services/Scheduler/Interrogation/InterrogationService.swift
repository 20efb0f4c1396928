import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit
import Synchronization

/// The alchemy queue as one service of the scheduler: rebuilds the index from Postgres, then consumes the
/// interrogations topic (its own consumer group, `<HORDE_SCHEDULER_GROUP>-interrogations`) and sweeps stale forms
/// and expired interrogations every sweep interval, until shutdown.
struct InterrogationService: Service {
    /// The service's name in logs.
    let name = "interrogations"
    /// The queue this service feeds.
    let queue: InterrogationQueue
    /// Consumes the interrogations topic.
    let consumer: EventConsumerService<InterrogationCommand>
    /// Created first when the scheduler runs in a topic scope of its own (tests).
    let scopedTopic: TopicSpec?
    /// The broker, for creating `scopedTopic`.
    let kafka: KafkaConfig
    /// A setting that is set but unusable: the service refuses to start, as the scheduler does for its own.
    let settingsError: (any Error)?

    /// The service of `app`'s scheduler, over its runtime, settings and topics.
    static func make(_ app: SchedulerApp) -> InterrogationService {
        var settings = InterrogationSettings(
            expiryExtension: app.config.expiryExtension, sweepInterval: app.config.sweepInterval)
        var settingsError: (any Error)?
        do {
            settings = try InterrogationSettings.fromEnvironment(app.runtime.env, scheduler: app.config)
        } catch {
            settingsError = error
        }
        let topic = SchedulerTopics.name(Topics.interrogations, app.topics.scope)
        let queue = InterrogationQueue(
            store: InterrogationStore(pool: app.runtime.postgres), index: InterrogationIndex(),
            publisher: app.runtime.publisher, settings: settings, eventsTopic: app.topics.requestEvents,
            replyTopics: app.topics.replyTopics, logger: app.runtime.logger.child("interrogations"))
        let consumer = app.runtime.consumer(
            InterrogationCommand.self, name: "interrogations", group: "\(app.config.consumerGroup)-interrogations",
            topic: topic
        ) { envelope, _ in
            if case .pop(let pop) = envelope.payload { await app.uptime.sawPop(pop.worker) }
            try await queue.handle(envelope)
        }
        return InterrogationService(
            queue: queue, consumer: consumer,
            scopedTopic: app.topics.scope.isEmpty
                ? nil : TopicSpec(name: topic, partitions: Topics.interrogations.partitions),
            kafka: app.runtime.config.kafka, settingsError: settingsError)
    }

    /// Rebuilds, then consumes and sweeps until graceful shutdown.
    func run() async throws {
        if let settingsError { throw settingsError }
        if let scopedTopic {
            try await KafkaAdmin.createTopics([scopedTopic], config: kafka, logger: queue.logger)
        }
        try await queue.rebuild()
        let queue = self.queue
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await consumer.run() }
            group.addTask {
                let stopping = Atomic<Bool>(false)
                let wake = WakeSignal()
                await withGracefulShutdownHandler {
                    while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                        await queue.sweepOnce()
                        await wake.wait(timeout: queue.settings.sweepInterval)
                    }
                } onGracefulShutdown: {
                    stopping.store(true, ordering: .releasing)
                    wake.signal()
                }
            }
            try await group.waitForAll()
        }
    }
}
