import Synchronization

/// One call waiting for a connection's queue. Whoever settles it first wins: the queue with the reply, the
/// deadline timer with `timeout`, or task cancellation. The caller is resumed exactly once, and a command that
/// has not started by then is never sent.
final class PendingCall<Value: Sendable>: Sendable {
    private enum State {
        case created
        case cancelledEarly
        case waiting(CheckedContinuation<Value, any Error>)
        case running(CheckedContinuation<Value, any Error>)
        case settled
    }
    private let state = Mutex<State>(.created)

    /// A call not yet attached to a continuation.
    init() {}

    /// Attaches the caller's continuation; false (and the caller already resumed) if it was cancelled first.
    func install(_ continuation: CheckedContinuation<Value, any Error>) -> Bool {
        let cancelled = state.withLock { state -> Bool in
            if case .cancelledEarly = state {
                state = .settled
                return true
            }
            state = .waiting(continuation)
            return false
        }
        if cancelled { continuation.resume(throwing: CancellationError()) }
        return !cancelled
    }

    /// Called on the connection's queue before sending: false when the call was already settled.
    func start() -> Bool {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return false }
            state = .running(continuation)
            return true
        }
    }

    /// Delivers the outcome of the command, unless the caller has already gone.
    func finish(_ result: Result<Value, any Error>) {
        settle()?.resume(with: result)
    }

    /// The deadline passed: the caller gets `timeout` now, whether or not the command is running.
    func expire() {
        settle()?.resume(throwing: RedisError(.timeout, "no reply before the deadline"))
    }

    /// The task was cancelled: the caller gets `CancellationError` now.
    func cancel() {
        let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            if case .created = state {
                state = .cancelledEarly
                return nil
            }
            return Self.take(&state)
        }
        continuation?.resume(throwing: CancellationError())
    }

    private func settle() -> CheckedContinuation<Value, any Error>? {
        state.withLock { Self.take(&$0) }
    }

    private static func take(_ state: inout State) -> CheckedContinuation<Value, any Error>? {
        switch state {
        case .waiting(let continuation), .running(let continuation):
            state = .settled
            return continuation
        case .created, .cancelledEarly, .settled:
            return nil
        }
    }
}
