/// When the next attempt of a failing delivery is due: exponential backoff with full jitter.
///
/// The ceiling after attempt `n` (1-based) is `min(maxDelay, baseDelay · 2^(n-1))`, and the actual pause is
/// drawn uniformly from `[0, ceiling]`, so receivers that fail together are not retried in lock-step.
struct RetryBackoff: Sendable, Equatable {
    /// Ceiling after the first failed attempt; `.zero` sends the attempts back to back, like the reference.
    var baseDelay: Duration
    /// Largest pause between two attempts.
    var maxDelay: Duration

    /// Back-to-back attempts.
    static let none = RetryBackoff(baseDelay: .zero, maxDelay: .zero)

    /// The ceiling of the pause after failed attempt `attempt` (1-based); never above `maxDelay`.
    func ceiling(afterAttempt attempt: Int) -> Duration {
        guard baseDelay > .zero, maxDelay > .zero else { return .zero }
        let base = baseDelay.seconds
        // Exponents past 62 overflow the multiplier long after any sane maxDelay is reached.
        let factor = Double(1 << Int64(min(max(attempt - 1, 0), 62)))
        return .seconds(min(maxDelay.seconds, base * factor))
    }

    /// The pause after failed attempt `attempt`, using `unit` (a number in `[0, 1)`) as the jitter.
    func delay(afterAttempt attempt: Int, unit: Double) -> Duration {
        let ceiling = self.ceiling(afterAttempt: attempt).seconds
        return .seconds(ceiling * min(max(unit, 0), 1))
    }

    /// The pause after failed attempt `attempt`, with a random jitter.
    func delay(afterAttempt attempt: Int) -> Duration {
        delay(afterAttempt: attempt, unit: Double.random(in: 0..<1))
    }
}
