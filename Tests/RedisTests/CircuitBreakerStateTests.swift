import Redis
import Testing

@Suite("Circuit breaker decisions")
struct CircuitBreakerStateTests {
    private func breaker(threshold: Int = 3) -> CircuitBreakerState {
        CircuitBreakerState(failureThreshold: threshold, initialDelay: .milliseconds(100), maxDelay: .seconds(1))
    }

    @Test func connectFailureOpensAtOnce() {
        var state = breaker()
        #expect(state.allowsRequests)
        #expect(state.recordFailure(connectFailed: true) == .openAndProbe(after: .milliseconds(100)))
        #expect(!state.allowsRequests)
        #expect(state.recordFailure(connectFailed: true) == .none)
    }

    @Test func commandFailuresOpenOnlyWhenConsecutive() {
        var state = breaker(threshold: 3)
        #expect(state.recordFailure(connectFailed: false) == .none)
        #expect(state.recordFailure(connectFailed: false) == .none)
        state.recordSuccess()
        #expect(state.recordFailure(connectFailed: false) == .none)
        #expect(state.recordFailure(connectFailed: false) == .none)
        #expect(state.allowsRequests)
        #expect(state.recordFailure(connectFailed: false) == .openAndProbe(after: .milliseconds(100)))
        #expect(!state.allowsRequests)
    }

    @Test func probeBackoffDoublesUpToTheCap() {
        var state = breaker()
        _ = state.recordFailure(connectFailed: true)
        let delays = (0..<6).map { _ in state.probeFailed() }
        #expect(
            delays == [
                .probe(after: .milliseconds(200)), .probe(after: .milliseconds(400)), .probe(after: .milliseconds(800)),
                .probe(after: .seconds(1)), .probe(after: .seconds(1)), .probe(after: .seconds(1)),
            ])
        #expect(!state.allowsRequests)
    }

    @Test func successfulProbeClosesAndResetsBackoff() {
        var state = breaker()
        _ = state.recordFailure(connectFailed: true)
        _ = state.probeFailed()
        #expect(state.probeSucceeded() == .closed)
        #expect(state.allowsRequests)
        #expect(state.phase == .closed(consecutiveFailures: 0))
        #expect(state.recordFailure(connectFailed: true) == .openAndProbe(after: .milliseconds(100)))
    }

    @Test func shutDownStopsEverything() {
        var state = breaker()
        _ = state.recordFailure(connectFailed: true)
        state.shutDown()
        #expect(!state.allowsRequests)
        #expect(state.probeFailed() == .none)
        #expect(state.probeSucceeded() == .none)
        #expect(state.recordFailure(connectFailed: true) == .none)
    }
}
