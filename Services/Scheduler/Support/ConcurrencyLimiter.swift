/// At most `limit` tasks at a time: `acquire()` waits for a free slot, `release()` frees one, in arrival order.
actor ConcurrencyLimiter {
    private let limit: Int
    private var running = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// A limiter allowing `limit` (at least 1) at a time.
    init(limit: Int) { self.limit = max(1, limit) }

    /// Waits until a slot is free and takes it.
    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Frees a slot, handing it straight to the oldest waiter if there is one.
    func release() {
        if waiters.isEmpty {
            running = max(0, running - 1)
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Slots taken now.
    var inUse: Int { running }
}
