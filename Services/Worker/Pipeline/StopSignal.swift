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

    /// Runs `work` against the shutdown grace period: its value, its error as text, or `.graceExpired` when
    /// stopping began and the grace period ran out first (the work is then cancelled).
    func race<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async -> GraceRace<Value> {
        await withTaskGroup(of: GraceRace<Value>.self) { group in
            group.addTask {
                do { return .finished(try await work()) } catch { return .failed("\(error)") }
            }
            group.addTask {
                await self.graceExpired()
                return .graceExpired
            }
            let first = await group.next() ?? .failed("no result")
            group.cancelAll()
            return first
        }
    }
}

/// How a piece of work raced against the shutdown grace period.
enum GraceRace<Value: Sendable>: Sendable {
    /// The work finished with this value.
    case finished(Value)
    /// The work threw; the error as text.
    case failed(String)
    /// Stopping began and the grace period ran out before the work finished.
    case graceExpired
}
