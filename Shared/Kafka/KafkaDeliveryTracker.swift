/// The delivery state of every produced message that has not been reported to its sender yet, keyed by the
/// message ID librdkafka carries as the opaque. A pure value: the producer keeps it behind a lock and resumes the
/// waiters it returns after releasing the lock. `Waiter` is a continuation in production and any value in tests.
///
/// The sender registers its waiter only after the message is enqueued, so a delivery report or a cancellation can
/// arrive before the waiter does; each slot records which happened first so the waiter is resumed exactly once.
struct KafkaDeliveryTracker<Waiter> {
    /// What a waiter is resumed with.
    typealias Outcome = Result<Void, any Error>

    private enum Slot {
        /// Enqueued; neither the report nor the waiter is here yet.
        case pending
        /// The sender is suspended on this waiter.
        case waiting(Waiter)
        /// The report came first; the sender picks it up when it registers.
        case reported(Outcome)
        /// The sender was cancelled before registering; drop the report when it comes.
        case abandoned
    }

    private var slots: [UInt: Slot] = [:]
    private var lastID: UInt = 0
    /// No new message IDs are handed out once closed.
    private(set) var isClosed = false

    /// Messages whose senders have not been answered yet.
    var inFlight: Int { slots.count }

    /// A fresh message ID (never 0, which would be a NULL opaque), or nil once closed.
    mutating func reserve() -> UInt? {
        guard !isClosed else { return nil }
        lastID &+= 1
        if lastID == 0 { lastID = 1 }
        slots[lastID] = .pending
        return lastID
    }

    /// Forgets a message librdkafka never accepted.
    mutating func release(_ id: UInt) { slots[id] = nil }

    /// The sender starts waiting. Returns the waiter with its outcome if the answer is already known.
    mutating func wait(_ id: UInt, _ waiter: Waiter, closedError: any Error) -> (Waiter, Outcome)? {
        switch slots[id] {
        case .pending:
            slots[id] = .waiting(waiter)
            return nil
        case .reported(let outcome):
            slots[id] = nil
            return (waiter, outcome)
        case .abandoned:
            slots[id] = nil
            return (waiter, .failure(CancellationError()))
        case .waiting, nil:
            // Released or registered twice, which the producer never does; answer rather than hang.
            return (waiter, .failure(closedError))
        }
    }

    /// The delivery report for `id` arrived. Returns the waiter to resume, if the sender is already waiting.
    mutating func report(_ id: UInt, _ outcome: Outcome) -> Waiter? {
        switch slots[id] {
        case .pending:
            slots[id] = .reported(outcome)
            return nil
        case .waiting(let waiter):
            slots[id] = nil
            return waiter
        case .abandoned, .reported:
            slots[id] = nil
            return nil
        case nil:
            return nil
        }
    }

    /// The sender's task was cancelled. Returns its waiter if it was suspended.
    mutating func cancel(_ id: UInt) -> Waiter? {
        switch slots[id] {
        case .waiting(let waiter):
            slots[id] = nil
            return waiter
        case .pending:
            slots[id] = .abandoned
            return nil
        case .reported:
            slots[id] = nil
            return nil
        case .abandoned, nil:
            return nil
        }
    }

    /// Refuses new IDs from now on.
    mutating func close() { isClosed = true }

    /// Fails every message whose delivery is still unknown and returns the waiters still suspended, to be resumed
    /// with `error`. Reports that already arrived are kept for senders that have not picked them up yet.
    mutating func failAll(with error: any Error) -> [Waiter] {
        var waiters: [Waiter] = []
        for (id, slot) in slots {
            switch slot {
            case .waiting(let waiter):
                waiters.append(waiter)
                slots[id] = nil
            case .pending:
                slots[id] = .reported(.failure(error))
            case .abandoned:
                slots[id] = nil
            case .reported:
                break
            }
        }
        return waiters
    }
}
