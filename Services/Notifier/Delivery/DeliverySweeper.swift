import Messages
import HordeCore

/// Picks up what the fast path left behind, at start-up and then every `interval`: pending deliveries whose
/// lease ran out (their owner crashed or stopped) and outcome events not yet published.
struct DeliverySweeper: Service {
    /// The service name in logs.
    let name = "delivery-sweeper"
    /// Where abandoned deliveries are claimed from.
    let store: any DeliveryStore
    /// Where claimed deliveries go to run.
    let queue: DeliveryQueue
    /// Publishes outcome events that were not published yet.
    let announce: @Sendable (DeliveryOutcome) async throws -> Void
    /// Default: 5 s.
    let interval: Duration
    /// Logger for sweep results.
    let logger: Logger

    /// Sweeps at once, then every `interval` until graceful shutdown.
    func run() async throws {
        let latch = ShutdownLatch()
        await withGracefulShutdownHandler {
            while !latch.isFired, !Task.isCancelled {
                await sweepOnce()
                await latch.sleep(for: interval)
            }
        } onGracefulShutdown: {
            latch.fire()
        }
    }

    /// One pass: claim abandoned deliveries into the queue and publish missing outcomes.
    func sweepOnce() async {
        do {
            let abandoned = try await store.claimAbandoned(limit: 100)
            for delivery in abandoned { queue.enqueue(delivery) }
            if !abandoned.isEmpty { logger.info("resuming abandoned deliveries", ["count": "\(abandoned.count)"]) }
            for delivery in try await store.unpublishedOutcomes(limit: 100) {
                try await DeliveryRunner.publishOutcome(of: delivery, store: store, announce: announce)
            }
        } catch is CancellationError {
        } catch {
            logger.warning("sweep failed", ["error": "\(error)"])
        }
    }
}
