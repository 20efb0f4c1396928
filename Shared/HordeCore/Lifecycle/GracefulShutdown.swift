import Synchronization

/// Tracks whether graceful shutdown has begun and runs the handlers registered for it.
///
/// A handler registered after shutdown began runs at once, so no late registrant misses the signal.
package final class GracefulShutdownManager: Sendable {
    private struct State {
        var triggered = false
        var nextID = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    package init() {}

    /// True once `trigger()` ran.
    package var isTriggered: Bool { state.withLock { $0.triggered } }

    /// Starts graceful shutdown: runs every handler once and wakes every waiter. Later calls do nothing.
    package func trigger() {
        let (handlers, waiters) = state.withLock { state -> ([@Sendable () -> Void], [CheckedContinuation<Void, Never>]) in
            guard !state.triggered else { return ([], []) }
            state.triggered = true
            let handlers = state.handlers.sorted { $0.key < $1.key }.map(\.value)
            state.handlers = [:]
            let waiters = state.waiters
            state.waiters = []
            return (handlers, waiters)
        }
        for handler in handlers { handler() }
        for waiter in waiters { waiter.resume() }
    }

    /// Registers `handler`; returns an id to remove it, or nil if shutdown had begun (the handler already ran).
    package func register(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let id: Int? = state.withLock { state in
            guard !state.triggered else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.handlers[id] = handler
            return id
        }
        if id == nil { handler() }
        return id
    }

    package func remove(_ id: Int) {
        _ = state.withLock { $0.handlers.removeValue(forKey: id) }
    }

    /// Suspends until shutdown is triggered (returns at once if it already was).
    package func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.triggered { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// The manager of the enclosing `ServiceGroup` service, if any.
    @TaskLocal package static var current: GracefulShutdownManager?
}

/// Runs `operation`; calls `onGracefulShutdown` (once) when the enclosing group begins shutting down.
package func withGracefulShutdownHandler<T>(
    operation: () async throws -> T,
    onGracefulShutdown: @escaping @Sendable () -> Void
) async rethrows -> T {
    guard let manager = GracefulShutdownManager.current else { return try await operation() }
    let id = manager.register(onGracefulShutdown)
    defer { if let id { manager.remove(id) } }
    return try await operation()
}

/// Suspends until the enclosing group begins a graceful shutdown (or the task is cancelled).
package func gracefulShutdownTriggered() async {
    guard let manager = GracefulShutdownManager.current else {
        // Outside a group nothing triggers shutdown but cancellation.
        while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
        return
    }
    await withTaskCancellationHandler {
        await manager.wait()
    } onCancel: {
        manager.trigger()
    }
}

/// True when the enclosing group is shutting down.
package var isShuttingDown: Bool { GracefulShutdownManager.current?.isTriggered ?? false }
