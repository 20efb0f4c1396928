import Synchronization

/// The worker's own view of shutdown: set once when graceful shutdown begins, with a grace deadline after which
/// a job still being generated is given back instead of finished.
final class StopSignal: Sendable {
    private struct State {
        var deadline: ContinuousClock.Instant?
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var cancelledWaits: Set<Int> = []
        var nextId = 0
    }
    private let state = Mutex(State())

    /// A signal that has not been set.
    init() {}

    /// Begins stopping: no new pops; jobs in hand get `grace` to finish.
    func stop(grace: Duration) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard state.deadline == nil else { return [] }
            state.deadline = .now + grace
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// True once `stop` ran.
    var isStopped: Bool { state.withLock { $0.deadline != nil } }

    /// Suspends until `stop` runs or the task is cancelled.
    func waitForStop() async {
        let id = state.withLock { state -> Int in
            defer { state.nextId += 1 }
            return state.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.deadline != nil || state.cancelledWaits.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelledWaits.insert(id)
                return nil
            }
            waiter?.resume()
        }
    }

    /// Sleeps for `duration`, returning early when stopping begins (or the task is cancelled).
    func sleep(for duration: Duration) async {
        guard duration > .zero else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForStop() }
            group.addTask { try? await Task.sleep(for: duration) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Returns once stopping began and its grace period ran out (or the task is cancelled).
    func graceExpired() async {
        await waitForStop()
        guard let deadline = state.withLock({ $0.deadline }) else { return }
        try? await Task.sleep(until: deadline, clock: .continuous)
    }
}
