import Foundation

/// A waiting request's place in queue order: priority descending, then creation ascending, then id (so two
/// requests never compare equal and every bucket orders them the same way).
struct QueueKey: Comparable, Hashable, Sendable {
    let priority: Double
    /// Milliseconds since 1970, the wire's precision, so a rebuilt index orders exactly as the live one did.
    let createdMillis: Int64
    let id: UUID
    private let idHigh: UInt64
    private let idLow: UInt64

    init(priority: Double, createdAt: Date, id: UUID) {
        // NaN would break the ordering's transitivity; it sorts as the lowest priority instead.
        self.priority = priority.isNaN ? -Double.infinity : priority
        self.createdMillis = Int64((createdAt.timeIntervalSince1970 * 1000).rounded())
        self.id = id
        let bytes = id.uuid
        idHigh = [bytes.0, bytes.1, bytes.2, bytes.3, bytes.4, bytes.5, bytes.6, bytes.7]
            .reduce(0) { $0 << 8 | UInt64($1) }
        idLow = [bytes.8, bytes.9, bytes.10, bytes.11, bytes.12, bytes.13, bytes.14, bytes.15]
            .reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// True when `lhs` goes before `rhs` in the queue.
    static func < (lhs: QueueKey, rhs: QueueKey) -> Bool {
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        if lhs.createdMillis != rhs.createdMillis { return lhs.createdMillis < rhs.createdMillis }
        if lhs.idHigh != rhs.idHigh { return lhs.idHigh < rhs.idHigh }
        return lhs.idLow < rhs.idLow
    }

    static func == (lhs: QueueKey, rhs: QueueKey) -> Bool {
        lhs.idHigh == rhs.idHigh && lhs.idLow == rhs.idLow && lhs.priority == rhs.priority
            && lhs.createdMillis == rhs.createdMillis
    }

    func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
