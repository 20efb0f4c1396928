/// The circuit breaker's decisions, free of clocks, threads and I/O so every transition is unit-testable.
///
/// Closed: requests flow; timeouts and broken connections are counted, and `failureThreshold` of them in a row,
/// or one failed connect, open the circuit. Open: requests fail at once while a probe reconnects in the
/// background, waiting `initialDelay`, doubling per failed probe up to `maxDelay`. A successful probe closes it.
package struct CircuitBreakerState: Sendable, Equatable {
    /// Where the breaker is.
    package enum Phase: Sendable, Equatable {
        /// Requests flow; `consecutiveFailures` counts failures since the last success.
        case closed(consecutiveFailures: Int)
        /// Requests fail fast; `failedProbes` probes have failed since it opened.
        case open(failedProbes: Int)
        /// The client was closed: requests fail and no probe runs.
        case shutDown
    }

    /// What the owner must do after a transition.
    package enum Action: Sendable, Equatable {
        /// Nothing.
        case none
        /// The circuit just opened: start probing after the delay.
        case openAndProbe(after: Duration)
        /// A probe failed: probe again after the delay.
        case probe(after: Duration)
        /// A probe succeeded and the circuit closed.
        case closed
    }

    /// The current phase.
    package private(set) var phase: Phase = .closed(consecutiveFailures: 0)
    /// Consecutive timeouts or broken connections that open the circuit.
    package let failureThreshold: Int
    /// Delay before the first probe.
    package let initialDelay: Duration
    /// Longest delay between probes.
    package let maxDelay: Duration

    /// A closed breaker.
    package init(failureThreshold: Int, initialDelay: Duration, maxDelay: Duration) {
        self.failureThreshold = max(1, failureThreshold)
        self.initialDelay = max(initialDelay, .milliseconds(1))
        self.maxDelay = max(maxDelay, self.initialDelay)
    }

    /// Whether a request may go to Redis now.
    package var allowsRequests: Bool {
        if case .closed = phase { true } else { false }
    }

    /// A command got a reply (an error reply counts: the server answered).
    package mutating func recordSuccess() {
        if case .closed(let failures) = phase, failures > 0 { phase = .closed(consecutiveFailures: 0) }
    }

    /// A command timed out or lost its connection, or (`connectFailed`) a connection could not be opened.
    package mutating func recordFailure(connectFailed: Bool) -> Action {
        guard case .closed(let failures) = phase else { return .none }
        let count = failures + 1
        if connectFailed || count >= failureThreshold {
            phase = .open(failedProbes: 0)
            return .openAndProbe(after: initialDelay)
        }
        phase = .closed(consecutiveFailures: count)
        return .none
    }

    /// A background probe connected and got a reply.
    package mutating func probeSucceeded() -> Action {
        guard case .open = phase else { return .none }
        phase = .closed(consecutiveFailures: 0)
        return .closed
    }

    /// A background probe failed; the next waits twice as long, up to `maxDelay`.
    package mutating func probeFailed() -> Action {
        guard case .open(let failed) = phase else { return .none }
        phase = .open(failedProbes: failed + 1)
        return .probe(after: delay(afterFailedProbes: failed + 1))
    }

    /// The client closed; nothing may run any more.
    package mutating func shutDown() { phase = .shutDown }

    private func delay(afterFailedProbes count: Int) -> Duration {
        var delay = initialDelay
        for _ in 0..<min(count, 32) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay)
    }
}
