import Foundation
import HordeCore
import Messages

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
    /// Wakes the sweep before `interval` when a retry comes due.
    var wake = WakeSignal()

    /// Sweeps at once, then every `interval` (or sooner, when a retry is due) until graceful shutdown.
    func run() async throws {
        let latch = ShutdownLatch()
        let wake = self.wake
        await withGracefulShutdownHandler {
            while !latch.isFired, !Task.isCancelled {
                let pause = await sweepOnce()
                if latch.isFired { break }
                await wake.sleep(for: pause)
            }
        } onGracefulShutdown: {
            latch.fire()
            wake.poke()
        }
    }

    /// One pass: claim due deliveries (scheduled retries and abandoned ones) into the queue and publish missing
    /// outcomes. Returns how long to sleep before the next pass: `interval`, or less when a retry is due sooner.
    @discardableResult
    func sweepOnce() async -> Duration {
        let batch = 100
        do {
            var claimed: [Delivery]
            repeat {
                claimed = try await store.claimAbandoned(limit: batch)
                for delivery in claimed { queue.enqueue(delivery) }
                if !claimed.isEmpty { logger.debug("claimed due deliveries", ["count": "\(claimed.count)"]) }
            } while claimed.count == batch && !Task.isCancelled
            for delivery in try await store.unpublishedOutcomes(limit: batch) {
                try await DeliveryRunner.publishOutcome(of: delivery, store: store, announce: announce)
            }
            DeliveryMetrics.pending.set(try await store.pendingCount())
            guard let due = try await store.nextDue() else { return interval }
            // Slightly after the due time, so the database's now() has passed it when the claim runs.
            let untilDue = Duration.seconds(max(due.timeIntervalSinceNow, 0)) + .milliseconds(5)
            // A floor keeps a delivery that is due but still running here from spinning the loop.
            return max(.milliseconds(20), min(interval, untilDue))
        } catch is CancellationError {
        } catch {
            logger.warning("sweep failed", ["error": "\(error)"])
        }
        return interval
    }
}
