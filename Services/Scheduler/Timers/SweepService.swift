import Foundation
import HordeCore
import Postgres
import ServiceKit
import Synchronization

/// Every `sweepInterval`: times out jobs past their deadline (slot back, fault counted; the last allowed fault
/// faults the request), expires requests past their expiry, publishes the outbox those changes filled, and deletes
/// finished requests past their expiry.
struct SweepService: Service {
    /// The service's name in logs.
    let name = "sweep"
    /// The sweep's statements.
    let sweeps: SweepStore
    /// The scheduler's Postgres pool (for the outbox).
    let pool: PostgresPool
    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// Answers pops, including parked ones a change wakes.
    let dispatcher: PopDispatcher
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// Time between sweeps.
    let interval: Duration
    /// Counters and gauges for `/metrics`.
    let metrics: SchedulerMetrics
    /// Where this component logs.
    let logger: Logger

    /// Sweeps every `interval` until graceful shutdown.
    func run() async throws {
        let wake = WakeSignal()
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            // Events a crash left in the outbox go out before anything else.
            await sweepOnce(now: Date())
            while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                await wake.wait(timeout: interval)
                if stopping.load(ordering: .acquiring) || Task.isCancelled { break }
                await sweepOnce(now: Date())
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .releasing)
            wake.signal()
        }
    }

    /// One sweep; failures are logged and counted, and the next sweep tries again.
    func sweepOnce(now: Date) async {
        do {
            let timedOut = try await sweeps.timeOutJobs(now: now)
            for snapshot in timedOut {
                let parked = await queue.apply(snapshot.queued)
                if !parked.isEmpty { await dispatcher.serveParked(parked) }
            }
            let expired = try await sweeps.expireRequests(now: now)
            for snapshot in expired { _ = await queue.apply(snapshot.queued) }
            let published = try await Outbox.drain(pool: pool, publisher: publisher)
            let deleted = try await sweeps.deleteExpired(now: now)
            if !timedOut.isEmpty || !expired.isEmpty || deleted > 0 {
                metrics.requestsExpired.increment(by: expired.count)
                metrics.requestsDeleted.increment(by: deleted)
                logger.info(
                    "swept",
                    [
                        "requests.restarted": "\(timedOut.count)", "requests.expired": "\(expired.count)",
                        "events.published": "\(published)", "requests.deleted": "\(deleted)",
                    ])
            }
            metrics.jobsTimedOut.increment(by: timedOut.count)
            metrics.waitingRequests.set(await queue.count(.image) + queue.count(.text))
        } catch {
            metrics.sweepFailures.increment()
            logger.warning("sweep failed", ["error": "\(error)"])
        }
    }
}
