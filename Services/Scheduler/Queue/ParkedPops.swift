import Domain
import Foundation
import Messages

/// Pops waiting for work, in arrival order. Bounded by the number of workers polling, never by the queue.
struct ParkedPops: Sendable {
    private var pops: [ParkedPop] = []
    private var nextSequence: UInt64 = 0

    /// Pops parked now.
    var count: Int { pops.count }

    /// Parks `pop` until `wakeAt`; it is never woken for the requests in `excluding`.
    mutating func park(_ pop: PopRequest, until wakeAt: Date, excluding: Set<UUID> = []) {
        pops.append(
            ParkedPop(
                pop: pop, wakeAt: wakeAt, sequence: nextSequence,
                matcher: PopMatcher(worker: pop.worker, excluding: excluding)))
        nextSequence &+= 1
    }

    /// Removes and returns, oldest first, up to `limit` parked pops whose worker may take `request`.
    mutating func take(matching request: RequestCreated, limit: Int) -> [ParkedPop] {
        guard limit > 0 else { return [] }
        var taken: [ParkedPop] = []
        var kept: [ParkedPop] = []
        kept.reserveCapacity(pops.count)
        for parked in pops {
            if taken.count < limit && parked.matcher.skipReason(request) == nil {
                taken.append(parked)
            } else {
                kept.append(parked)
            }
        }
        pops = kept
        return taken
    }

    /// Removes and returns the pops whose wait ended at or before `now`.
    mutating func takeExpired(now: Date) -> [ParkedPop] {
        let expired = pops.filter { $0.wakeAt <= now }
        if !expired.isEmpty { pops.removeAll { $0.wakeAt <= now } }
        return expired
    }

    /// Removes and returns every parked pop (shutdown: they are answered empty).
    mutating func takeAll() -> [ParkedPop] {
        defer { pops = [] }
        return pops
    }

    /// The earliest wake-up among parked pops.
    var nextWake: Date? { pops.map(\.wakeAt).min() }
}
