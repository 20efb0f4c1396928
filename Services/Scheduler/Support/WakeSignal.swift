import Synchronization

/// Wakes one waiting task early: `wait(timeout:)` returns when `signal()` is called (or was called since the last
/// wait), when the timeout passes, or when the waiting task is cancelled.
final class WakeSignal: Sendable {
    private struct State {
        var signalled = false
        var nextWait: UInt64 = 0
        /// Every wait up to this number has timed out (waits are sequential, so one number suffices).
        var expiredThrough: UInt64 = 0
        var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
    }
    private let state = Mutex(State())

    /// A signal nobody waits on yet.
    init() {}

    /// Wakes the current waiter, or the next one if none is waiting.
    func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.signalled = true
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// Suspends until signalled, `timeout` passes, or the task is cancelled. One waiter at a time.
    func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextWait += 1
            return state.nextWait
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Runs to the end whether the sleep finished or was cancelled: either way this wait is over.
                try? await Task.sleep(for: timeout)
                self.expire(id)
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.signalled || state.expiredThrough >= id {
                        state.signalled = false
                        return true
                    }
                    state.waiter = (id, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            group.cancelAll()
        }
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.expiredThrough = max(state.expiredThrough, id)
            guard let waiter = state.waiter, waiter.id == id else { return nil }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }
}
