import Foundation

/// Durable delivery state. Every write is guarded by the lease: only the instance that claimed a pending
/// delivery may record attempts on it or finish it, so two notifier replicas never send the same attempt twice.
protocol DeliveryStore: Sendable {
    /// Records a new delivery claimed by this instance; false when it already existed (a redelivered event).
    func insert(_ delivery: Delivery) async throws -> Bool
    /// Records a new delivery like `insert` and returns it, with its stored generation attached when the store
    /// can read it in the same statement; nil when it already existed.
    func insertClaiming(_ delivery: Delivery) async throws -> Delivery?
    /// Claims up to `limit` pending deliveries whose lease ran out (a crashed or stopped owner), oldest first.
    func claimAbandoned(limit: Int) async throws -> [Delivery]
    /// Renews this instance's lease on a pending delivery; false when the lease was lost or it finished.
    func renewLease(_ id: UUID) async throws -> Bool
    /// Records an attempt and counts it; false when the lease was lost (the attempt is not recorded). With
    /// `retryAfter`, the next attempt is scheduled that far ahead and the lease is released until then, so any
    /// instance (this one, or another after a crash) picks the delivery up when it is due.
    func recordAttempt(_ id: UUID, _ attempt: DeliveryAttempt, retryAfter: Duration?) async throws -> Bool
    /// Records the last attempt of a delivery and moves it to `state` (delivered or dead) in one write; false
    /// when the lease was lost (nothing is recorded).
    func recordFinalAttempt(_ id: UUID, _ attempt: DeliveryAttempt, state: Delivery.State) async throws -> Bool
    /// When the earliest pending delivery becomes claimable (a scheduled retry or an expiring lease); nil when
    /// nothing is pending.
    func nextDue() async throws -> Date?
    /// How many deliveries are pending (all instances).
    func pendingCount() async throws -> Int
    /// Moves a pending delivery to a final state; false when the lease was lost.
    func finish(_ id: UUID, state: Delivery.State, lastStatus: Int?, error: String?) async throws -> Bool
    /// Finished deliveries whose outcome event was not yet published (at most `limit`).
    func unpublishedOutcomes(limit: Int) async throws -> [Delivery]
    /// Records that the outcome event of a finished delivery was published.
    func markPublished(_ id: UUID) async throws
    /// The stored generation of a job, nil when it does not exist (any more).
    func generation(jobId: UUID) async throws -> GenerationRecord?
}

extension DeliveryStore {
    /// `insert`, without a generation attached.
    func insertClaiming(_ delivery: Delivery) async throws -> Delivery? {
        try await insert(delivery) ? delivery : nil
    }

    /// The attempt, then the finish, as two writes (stores without a combined statement).
    func recordFinalAttempt(_ id: UUID, _ attempt: DeliveryAttempt, state: Delivery.State) async throws -> Bool {
        guard try await recordAttempt(id, attempt, retryAfter: nil) else { return false }
        return try await finish(id, state: state, lastStatus: attempt.status, error: attempt.error)
    }
}
