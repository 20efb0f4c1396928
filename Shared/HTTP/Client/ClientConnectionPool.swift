import Synchronization

/// Keep-alive connections per `host:port`, at most `maxPerHost` open (idle plus in use) per host. A request
/// that finds the limit reached waits in FIFO order for a connection to be released.
final class ClientConnectionPool: Sendable {
    /// A connection with the time it went idle.
    struct Idle: Sendable {
        /// The idle connection.
        let stream: TCPStream
        /// When it was returned to the pool.
        let since: Deadline
    }

    /// What `lease` decided.
    enum Lease: Sendable {
        /// Reuse this idle connection.
        case reuse(TCPStream)
        /// Open a new connection (a slot is reserved; call `release` or `discard` when done).
        case connect
    }

    private struct Host {
        var idle: [Idle] = []
        var open = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []

        /// The longest-waiting request, to be told to try again.
        mutating func popWaiter() -> CheckedContinuation<Bool, Never>? {
            waiters.isEmpty ? nil : waiters.removeFirst().continuation
        }
    }

    private struct State {
        var hosts: [String: Host] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// Most connections (idle plus in use) per host.
    let maxPerHost: Int
    /// Idle connections older than this are closed rather than reused (servers drop idle ones too).
    let idleLimit: Duration = .seconds(20)

    /// A pool allowing `maxPerHost` connections per host (at least one).
    init(maxPerHost: Int) {
        self.maxPerHost = max(1, maxPerHost)
    }

    /// A connection for `key`: an idle one that still looks open, or permission to connect. Waits for a slot
    /// while the host is at its limit; throws `timedOut` at `deadline` and `CancellationError` if cancelled.
    func lease(_ key: String, deadline: Deadline) async throws -> Lease {
        while true {
            var stale: [TCPStream] = []
            let decision = state.withLock { state -> Lease? in
                var host = state.hosts[key, default: Host()]
                defer { state.hosts[key] = host }
                let now = Deadline.now()
                while let candidate = host.idle.popLast() {
                    if candidate.since.adding(idleLimit) > now && candidate.stream.isIdleAndOpen {
                        return .reuse(candidate.stream)
                    }
                    stale.append(candidate.stream)
                    host.open -= 1
                }
                if host.open < maxPerHost {
                    host.open += 1
                    return .connect
                }
                return nil
            }
            for stream in stale { stream.close() }
            if let decision { return decision }
            try await waitForSlot(key, deadline: deadline)
        }
    }

    /// Returns a healthy connection for reuse.
    func release(_ key: String, _ stream: TCPStream) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.hosts[key, default: Host()].idle.append(Idle(stream: stream, since: .now()))
            return state.hosts[key]?.popWaiter()
        }
        waiter?.resume(returning: true)
    }

    /// Gives up a slot whose connection failed or was closed (or never opened).
    func discard(_ key: String) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            state.hosts[key, default: Host()].open -= 1
            return state.hosts[key]?.popWaiter()
        }
        waiter?.resume(returning: true)
    }

    private func waitForSlot(_ key: String, deadline: Deadline) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let woken = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                        let cancelled = self.state.withLock { state -> Bool in
                            if Task.isCancelled { return true }
                            state.hosts[key, default: Host()].waiters.append((id, continuation))
                            return false
                        }
                        if cancelled { continuation.resume(returning: false) }
                    }
                } onCancel: {
                    self.removeWaiter(key, id)?.resume(returning: false)
                }
            }
            group.addTask {
                try? await Task.sleep(for: deadline.remaining())
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if woken { return }
        if Task.isCancelled { throw CancellationError() }
        if Deadline.now() >= deadline {
            throw HTTPClientError(.timedOut, "no free connection to \(key) before the timeout")
        }
    }

    private func removeWaiter(_ key: String, _ id: UInt64) -> CheckedContinuation<Bool, Never>? {
        state.withLock { state in
            guard let index = state.hosts[key]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.hosts[key]?.waiters.remove(at: index).continuation
        }
    }
}
