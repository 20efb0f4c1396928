/// A lock for async code: one holder at a time, waiters served in arrival order. It keeps the ledger's batches (from
/// both consumers) and their Redis mirror writes in commit order, so the mirror never goes back to an older value.
actor AsyncLock {
    private var locked = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// An unlocked lock.
    init() {}

    /// Runs `body` holding the lock.
    func withLock<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await lock()
        defer { unlock() }
        return try await body()
    }

    private func lock() async {
        if locked {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            locked = true
        }
    }

    private func unlock() {
        if waiters.isEmpty { locked = false } else { waiters.removeFirst().resume() }
    }
}
