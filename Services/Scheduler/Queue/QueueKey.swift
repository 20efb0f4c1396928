import Foundation

/// A waiting request's place in queue order: aged priority descending, then creation ascending, then id (so two
/// requests never compare equal and every bucket orders them the same way).
///
/// Every queued request gains `agingPerSecond` priority per second it waits (the rules' +50 every 10 s), so at
/// any moment request A is ahead of B when `pA + r·(now − cA) > pB + r·(now − cB)`, i.e. when
/// `pA − r·cA > pB − r·cB`: the aged order never changes with time, and the key can stay fixed.
struct QueueKey: Comparable, Hashable, Sendable {
    /// Priority gained per second of waiting.
    static let agingPerSecond = 5.0
    /// Creation times are measured from here, to keep the aged priority's magnitude (and rounding) small.
    static let agingEpoch = Date(timeIntervalSince1970: 1_735_689_600)

    /// Higher goes first: the priority at activation minus the aging a later creation time has not caught up
    /// with (NaN is stored as the lowest).
    let priority: Double
    /// Milliseconds since 1970, the wire's precision, so a rebuilt index orders exactly as the live one did.
    let createdMillis: Int64
    /// The request.
    let id: UUID
    private let idHigh: UInt64
    private let idLow: UInt64

    /// The priority a request has gained by `now`: its activation priority plus its aging.
    static func agedPriority(_ priority: Double, createdAt: Date, now: Date) -> Double {
        priority + agingPerSecond * max(0, now.timeIntervalSince(createdAt))
    }

    /// The key of the request `id` with this priority and creation time.
    init(priority: Double, createdAt: Date, id: UUID) {
        // NaN would break the ordering's transitivity; it sorts as the lowest priority instead.
        let createdMillis = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
        let sinceEpoch = Double(createdMillis) / 1000 - Self.agingEpoch.timeIntervalSince1970
        self.priority = priority.isNaN ? -Double.infinity : priority - Self.agingPerSecond * sinceEpoch
        self.createdMillis = createdMillis
        self.id = id
        let b = id.uuid
        let high0 = UInt64(b.0) << 56 | UInt64(b.1) << 48 | UInt64(b.2) << 40 | UInt64(b.3) << 32
        let high1 = UInt64(b.4) << 24 | UInt64(b.5) << 16 | UInt64(b.6) << 8 | UInt64(b.7)
        let low0 = UInt64(b.8) << 56 | UInt64(b.9) << 48 | UInt64(b.10) << 40 | UInt64(b.11) << 32
        let low1 = UInt64(b.12) << 24 | UInt64(b.13) << 16 | UInt64(b.14) << 8 | UInt64(b.15)
        idHigh = high0 | high1
        idLow = low0 | low1
    }

    /// True when `lhs` goes before `rhs` in the queue.
    static func < (lhs: QueueKey, rhs: QueueKey) -> Bool {
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        if lhs.createdMillis != rhs.createdMillis { return lhs.createdMillis < rhs.createdMillis }
        if lhs.idHigh != rhs.idHigh { return lhs.idHigh < rhs.idHigh }
        return lhs.idLow < rhs.idLow
    }

    /// Same request, same place in the queue.
    static func == (lhs: QueueKey, rhs: QueueKey) -> Bool {
        lhs.idHigh == rhs.idHigh && lhs.idLow == rhs.idLow && lhs.priority == rhs.priority
            && lhs.createdMillis == rhs.createdMillis
    }

    /// Hashes the request id.
    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
