import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// The scheduler process, assembled: the runtime (Postgres, Kafka, admin port), the queue rebuilt from Postgres,
/// and its services in start order.
struct SchedulerApp: Sendable {
    /// Postgres, Kafka, the admin port and the logger of this process.
    let runtime: ServiceRuntime
    /// The scheduler's settings.
    let config: SchedulerConfig
    /// Where commands come from and events go.
    let topics: SchedulerTopics
    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// Answers pops, including parked ones a change wakes.
    let dispatcher: PopDispatcher
    /// Handles the requests topic.
    let requests: RequestCommandHandler
    /// Handles the submissions topic.
    let submissions: SubmissionHandler
    /// Times out jobs and expires requests.
    let sweep: SweepService
    /// Writes the queue statistics to Redis.
    let snapshots: QueueSnapshotService
    /// Every worker's uptime clock, fed by its pops.
    let uptime: UptimeTracker

    /// Connects, migrates the `scheduler` schema and rebuilds the index from the waiting requests, before any
    /// message is consumed.
    static func start(env: Environment = .init(), topics: SchedulerTopics = .standard) async throws -> SchedulerApp {
        let runtime = try await ServiceRuntime.start(
            service: "scheduler", defaultAdminPort: 7101, schema: SchedulerMigrations.schema,
            migrations: SchedulerMigrations.all, env: env)
        if topics != .standard {
            try await KafkaAdmin.createTopics(topics.specs, config: runtime.config.kafka, logger: runtime.logger)
        }
        let config = try SchedulerConfig.fromEnvironment(env)
        let logger = runtime.logger
        let metrics = SchedulerMetrics()
        let queue = SchedulerQueue()
        let activity = WorkerActivity()
        let store = SchedulerStore(pool: runtime.postgres)
        let dispatcher = PopDispatcher(
            queue: queue, store: store, publisher: runtime.publisher, config: config, topics: topics,
            metrics: metrics, activity: activity, logger: logger.child("pops"))
        let waiting = try await store.loadWaiting()
        for request in waiting { _ = await queue.apply(request) }
        metrics.waitingRequests.set(waiting.count)
        logger.info("queue rebuilt", ["requests.waiting": "\(waiting.count)"])
        return SchedulerApp(
            runtime: runtime, config: config, topics: topics, queue: queue, dispatcher: dispatcher,
            requests: RequestCommandHandler(
                queue: queue, store: store, dispatcher: dispatcher, publisher: runtime.publisher, topics: topics,
                metrics: metrics, logger: logger.child("requests")),
            submissions: SubmissionHandler(
                queue: queue, store: store, dispatcher: dispatcher, publisher: runtime.publisher, config: config,
                topics: topics, metrics: metrics, logger: logger.child("submissions")),
            sweep: SweepService(
                sweeps: SweepStore(
                    pool: runtime.postgres, faultLimit: config.faultLimit, eventsTopic: topics.requestEvents),
                pool: runtime.postgres, queue: queue, dispatcher: dispatcher, publisher: runtime.publisher,
                interval: config.sweepInterval, metrics: metrics, logger: logger.child("sweep")),
            snapshots: QueueSnapshotService(
                queue: queue, activity: activity, redis: runtime.redis, prefix: config.redisPrefix,
                interval: config.snapshotInterval, logger: logger.child("snapshots")),
            uptime: UptimeTracker(intervalSeconds: max(1, config.uptimeInterval.seconds)))
    }

    /// The services in start order; shutdown runs in reverse: pops stop first, then submissions and requests, then
    /// parked pops are released, then the sweep and the admin port.
    func services(includeAdmin: Bool = true) -> [any Service] {
        let requests = self.requests
        let submissions = self.submissions
        let dispatcher = self.dispatcher
        var services: [any Service] = []
        let interrogations = InterrogationService.make(self)
        if includeAdmin {
            let uptime = self.uptime
            let token = config.internalToken
            services.append(
                runtime.adminService { router in
                    DirectPopRoute.install(
                        on: &router, dispatcher: dispatcher, interrogations: interrogations.queue, uptime: uptime,
                        token: token)
                })
        }
        services.append(sweep)
        services.append(snapshots)
        services.append(ParkingService(queue: queue, dispatcher: dispatcher))
        services.append(
            RequestsConsumerService(
                config: runtime.consumerConfig(group: "\(config.consumerGroup)-requests", topics: [topics.requests]),
                handler: requests,
                ownership: RequestPartitionOwnership(
                    queue: queue, store: requests.store, dispatcher: dispatcher,
                    logger: runtime.logger.child("partitions")),
                logger: runtime.logger.child("requests").with("consumer", "requests")))
        services.append(
            SubmissionsConsumerService(
                config: runtime.consumerConfig(
                    group: "\(config.consumerGroup)-submissions", topics: [topics.submissions]),
                handler: submissions, logger: runtime.logger.child("submissions").with("consumer", "submissions")))
        services.append(interrogations)
        services.append(uptimeRewards())
        // Pops are answered concurrently (each is its own Postgres transaction and Kafka replies): a pop is a
        // question, not state, so one lost in a crash costs its worker one timeout and a new pop, while jobs stay
        // unique because their ids derive from the pop id.
        let limiter = ConcurrencyLimiter(limit: config.concurrentPops)
        let logger = runtime.logger.child("pops")
        services.append(
            consumer(PopCommand.self, name: "pops", topic: topics.pops) { envelope in
                switch envelope.payload {
                case .pop(let pop):
                    await uptime.sawPop(pop.worker)
                    await limiter.acquire()
                    Task {
                        do {
                            try await dispatcher.handle(pop)
                        } catch {
                            logger.warning(
                                "pop not answered", ["pop.id": pop.popId.uuidString, "error": "\(error)"])
                        }
                        await limiter.release()
                    }
                }
            })
        return services
    }

    /// Pays the uptime rewards to the ledger's command topic (scoped like the scheduler's topics).
    private func uptimeRewards() -> UptimeRewardService {
        let ledgerTopic = SchedulerTopics.name(Topics.ledgerCommands, topics.scope)
        return UptimeRewardService(
            tracker: uptime, publisher: runtime.publisher, ledgerTopic: ledgerTopic,
            scopedTopic: topics.scope.isEmpty
                ? nil : TopicSpec(name: ledgerTopic, partitions: Topics.ledgerCommands.partitions),
            kafka: runtime.config.kafka, checkInterval: config.uptimeCheckInterval,
            logger: runtime.logger.child("uptime"))
    }

    /// A consumer of one topic in its own group, `<HORDE_SCHEDULER_GROUP>-<name>`.
    private func consumer<P: EnvelopePayload>(
        _ payload: P.Type, name: String, topic: String,
        handle: @escaping @Sendable (Envelope<P>) async throws -> Void
    ) -> EventConsumerService<P> {
        runtime.consumer(payload, name: name, group: "\(config.consumerGroup)-\(name)", topic: topic) { envelope, _ in
            try await handle(envelope)
        }
    }
}
