import Foundation
import HordeCore
import Synchronization

/// Deliveries waiting to run in this process, run at most `concurrency` at a time.
///
/// The queue is only a fast path: every delivery in it is already pending in the store, so one dropped here
/// (queue full, or shutdown) is picked up again by the sweep when its lease runs out.
final class DeliveryQueue: Sendable {
    private let stream: AsyncStream<Delivery>
    private let continuation: AsyncStream<Delivery>.Continuation
    /// Ids queued or running, so a delivery reclaimed by the sweep while still queued runs once.
    private let known = Mutex<Set<UUID>>([])
    private let depth = MetricsRegistry.shared.gauge(
        "horde_webhook_queue_depth", help: "Webhook deliveries queued or running in this process")

    /// - Parameter capacity: deliveries held in memory at most (Default: 1024).
    init(capacity: Int = 1024) {
        (stream, continuation) = AsyncStream.makeStream(of: Delivery.self, bufferingPolicy: .bufferingOldest(capacity))
    }

    /// Queues `delivery`; false when it is already queued or running, or the queue is full.
    @discardableResult
    func enqueue(_ delivery: Delivery) -> Bool {
        let isNew = known.withLock { $0.insert(delivery.id).inserted }
        guard isNew else { return false }
        if case .enqueued = continuation.yield(delivery) {
            depth.increment()
            return true
        }
        known.withLock { _ = $0.remove(delivery.id) }
        return false
    }

    /// Runs queued deliveries until graceful shutdown; then starts no new ones and waits for those running.
    func run(concurrency: Int, _ body: @escaping @Sendable (Delivery) async -> Void) async {
        let stopping = StopFlag()
        await withTaskGroup(of: Bool.self) { group in
            let continuation = self.continuation
            group.addTask {
                await gracefulShutdownTriggered()
                stopping.set()
                continuation.finish()
                return false
            }
            var running = 0
            for await delivery in stream {
                if stopping.isSet {
                    finished(delivery.id)
                    continue
                }
                while running >= max(1, concurrency) {
                    if await group.next() == true { running -= 1 }
                }
                running += 1
                group.addTask {
                    await body(delivery)
                    self.finished(delivery.id)
                    return true
                }
            }
            while running > 0, let isDelivery = await group.next() {
                if isDelivery { running -= 1 }
            }
            group.cancelAll()
        }
    }

    private func finished(_ id: UUID) {
        known.withLock { _ = $0.remove(id) }
        depth.decrement()
    }
}

/// Set once when the queue stops taking deliveries; shared between the loop and its shutdown watcher.
private final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    /// Marks the queue as stopping.
    func set() { value.store(true, ordering: .releasing) }
    /// True once `set()` ran.
    var isSet: Bool { value.load(ordering: .acquiring) }
}
