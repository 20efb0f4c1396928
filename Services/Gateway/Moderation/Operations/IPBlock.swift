import Foundation

/// An IP or CIDR in timeout until `expiresAt` (a moderator's timeout or a worker's blocked IP).
struct IPBlock: Sendable, Equatable {
    /// The blocked range.
    var range: IPRange
    /// When the block ends.
    var expiresAt: Date
    /// The worker whose IP this is, for blocks made through `block_worker_ipaddr`.
    var workerId: UUID?

    /// Whole seconds left at `now` (0 once over).
    func secondsLeft(at now: Date = Date()) -> Int { max(0, Int(expiresAt.timeIntervalSince(now).rounded(.up))) }
}
