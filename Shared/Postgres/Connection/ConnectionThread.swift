import Foundation
import HordeCore
import Synchronization

/// A dedicated OS thread that runs one connection's blocking libpq calls, one job at a time, in order.
///
/// libpq calls block for a full network round trip (or a statement timeout), so they must never run on Swift's
/// cooperative pool; one thread per connection also gives libpq the single-threaded use of a `PGconn` it
/// requires. The thread lives until `stop()` (or `deinit`), after finishing the jobs already queued.
final class ConnectionThread: Sendable {
    /// The queue the thread drains; shared with the thread's closure so the thread does not keep `self` alive.
    private final class JobQueue: Sendable {
        /// Jobs not yet run (from `head`), and whether the thread is to exit once they are done.
        struct State {
            var jobs: [@Sendable () -> Void] = []
            var head = 0
            var stopping = false
        }
        let state = Mutex(State())
        let wakeup = DispatchSemaphore(value: 0)

        /// The thread's body: runs jobs as they are signalled, returns when woken with none left.
        func loop() {
            while true {
                wakeup.wait()
                let job: (@Sendable () -> Void)? = state.withLock { state in
                    guard state.head < state.jobs.count else { return nil }
                    let job = state.jobs[state.head]
                    state.head += 1
                    if state.head == state.jobs.count {
                        state.jobs.removeAll(keepingCapacity: true)
                        state.head = 0
                    }
                    return job
                }
                guard let job else { return }
                job()
            }
        }
    }

    private let queue = JobQueue()

    /// Starts a thread called `name` (shown by `top -H` and debuggers).
    init(name: String) {
        let queue = self.queue
        DedicatedThread.start(name: name) { queue.loop() }
    }

    deinit { stop() }

    /// Queues `job`; returns false (and drops it) once the thread is stopping.
    @discardableResult
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let accepted = queue.state.withLock { state in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted { queue.wakeup.signal() }
        return accepted
    }

    /// Runs `body` on the thread and returns its result. Throws `connectionLost` if the thread has stopped.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = submit { continuation.resume(with: Result { try body() }) }
            if !accepted {
                continuation.resume(throwing: PostgresError(.connectionLost, message: "connection is closed"))
            }
        }
    }

    /// Lets the thread finish the queued jobs and exit. Later submissions are refused.
    func stop() {
        let first = queue.state.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        // One extra signal with no job behind it makes the loop see an empty queue and return.
        if first { queue.wakeup.signal() }
    }
}
