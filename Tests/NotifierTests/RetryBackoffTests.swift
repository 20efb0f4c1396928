import Testing

@testable import Notifier

@Suite("Retry backoff")
struct RetryBackoffTests {
    let backoff = RetryBackoff(baseDelay: .seconds(1), maxDelay: .seconds(10))

    @Test func ceilingDoublesPerAttemptUpToTheMaximum() {
        let ceilings = (1...7).map { backoff.ceiling(afterAttempt: $0) }
        #expect(ceilings == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10), .seconds(10)])
        #expect(backoff.ceiling(afterAttempt: 500) == .seconds(10))
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        #expect(backoff.delay(afterAttempt: 3, unit: 0) == .zero)
        #expect(backoff.delay(afterAttempt: 3, unit: 0.5) == .seconds(2))
        #expect(backoff.delay(afterAttempt: 3, unit: 1) == .seconds(4))
        let draws = (0..<500).map { _ in backoff.delay(afterAttempt: 4) }
        #expect(draws.allSatisfy { $0 >= .zero && $0 <= .seconds(8) })
        // Jitter spreads the draws: not all in one half of the range.
        #expect(draws.contains { $0 < .seconds(4) } && draws.contains { $0 > .seconds(4) })
    }

    @Test func zeroBaseMeansBackToBack() {
        #expect(RetryBackoff.none.delay(afterAttempt: 2) == .zero)
        #expect(RetryBackoff(baseDelay: .zero, maxDelay: .seconds(5)).ceiling(afterAttempt: 3) == .zero)
    }
}
