import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// `horde-notifier`: delivers webhooks for completed jobs, durably, and announces each delivery's outcome.
@main
struct NotifierMain {
    /// Sent in the webhook `User-Agent`.
    static let version = "0.1.0"

    /// Runs the notifier with the process environment and exits with its status.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "bench" { exit(await NotifierBench.run(env: Environment())) }
        exit(await run(env: Environment()))
    }

    /// Starts the notifier and runs it until SIGTERM/SIGINT (or cancellation); returns the exit status.
    static func run(env: Environment) async -> Int32 {
        let config: NotifierConfig
        do {
            config = try NotifierConfig.fromEnvironment(env)
        } catch {
            Logger(label: "notifier").critical("invalid configuration", ["error": "\(error)"])
            return 2
        }
        let runtime: ServiceRuntime
        do {
            runtime = try await ServiceRuntime.start(
                service: "notifier", defaultAdminPort: 7103, schema: "notifier", migrations: NotifierMigrations.all,
                env: env)
        } catch {
            Logger(label: "notifier").critical("start-up failed", ["error": "\(error)"])
            return 1
        }
        return await runtime.run(services(runtime: runtime, config: config))
    }

    /// The notifier's services on a started runtime, in start order.
    static func services(runtime: ServiceRuntime, config: NotifierConfig) -> [any Service] {
        let store = PostgresDeliveryStore(pool: runtime.postgres, instance: runtime.config.instanceId, lease: config.lease)
        let publisher = runtime.publisher
        let announce: @Sendable (DeliveryOutcome) async throws -> Void = { outcome in
            try await publisher.publish(
                Topics.deliveryEvents, key: outcome.requestId.uuidString.lowercased(), DeliveryEvent.finished(outcome),
                eventId: outcomeEventId(for: outcome.deliveryId))
        }
        var runner = DeliveryRunner(
            store: store, sender: HTTPWebhookSender(
                client: HTTPClient(
                    maxConnectionsPerHost: config.perHostConcurrency, maxResponseBytes: config.maxResponseBytes)), resolver: SystemHostResolver(),
            policy: WebhookURLPolicy(allowLocalNetworks: config.allowLoopback), announce: announce,
            logger: runtime.logger.child("delivery"))
        runner.maxAttempts = config.attempts
        runner.attemptTimeout = config.attemptTimeout
        runner.backoff = config.backoff
        runner.lease = config.lease
        runner.signer = WebhookSignature(secret: config.signingSecret)
        let wake = WakeSignal()
        runner.retryScheduled = { wake.poke(after: $0) }
        let queue = DeliveryQueue()
        let handler = JobCompletedHandler(store: store, queue: queue)
        let deliveries = ClosureService(name: "deliveries") { [runner] in
            await queue.run(concurrency: config.concurrency, perHost: config.perHostConcurrency) { await runner.run($0) }
        }
        let sweeper = DeliverySweeper(
            store: store, queue: queue, announce: announce, interval: config.sweepInterval,
            logger: runtime.logger.child("sweeper"), wake: wake)
        let consumer = runtime.consumer(
            RequestEvent.self, name: "request-events", group: config.consumerGroup, topic: Topics.requestEvents.name,
            background: true
        ) { envelope, _ in
            try await handler.handle(envelope.payload)
        }
        // Stopped in reverse: the consumer first (no new deliveries), then the sweeper, then running deliveries.
        return [NotifierAdmin.service(runtime: runtime), deliveries, sweeper, consumer]
    }

    /// The outcome event of a delivery keeps one id however often it is announced, so consumers see it once.
    static func outcomeEventId(for deliveryId: UUID) -> UUID {
        var bytes = Array(SHA256.hash(Array("webhook-outcome:\(deliveryId.uuidString.lowercased())".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9],
                bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]
            ))
    }
}
