import HordeCore
import Messages

/// Turns `jobCompleted` events that name a webhook into durable deliveries and queues them here.
struct JobCompletedHandler: Sendable {
    /// Where deliveries are recorded.
    let store: any DeliveryStore
    /// Where new deliveries start in this process.
    let queue: DeliveryQueue

    /// Handles one request event; other event types are ignored. Throws when the store fails, so the consumer
    /// retries the event instead of skipping the delivery.
    func handle(_ event: RequestEvent) async throws {
        guard case .jobCompleted(let job) = event, let delivery = Delivery(completed: job) else { return }
        let leasedAt = ContinuousClock.now
        if var inserted = try await store.insertClaiming(delivery) {
            inserted.leasedAt = leasedAt
            queue.enqueue(inserted)
        }
    }
}
