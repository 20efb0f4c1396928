/// Exponential back-off with jitter for a lane whose pops or submits fail: 1 s, 2 s, 4 s … up to a cap, back to
/// the start after a success. Jitter keeps many workers from retrying in lockstep after a gateway restart.
struct Backoff: Sendable {
    /// The first delay.
    let initial: Duration
    /// The cap.
    let maximum: Duration
    /// Failures since the last reset.
    private(set) var failures = 0

    /// A back-off from `initial` doubling up to `maximum`.
    init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
    }

    /// The delay before the next attempt after one more failure.
    mutating func nextDelay() -> Duration {
        failures += 1
        let exponent = min(failures - 1, 16)
        let base = min(initial * (1 << exponent), maximum)
        // Between 75% and 100% of the base.
        return base * Double.random(in: 0.75...1.0)
    }

    /// Starts over after a success.
    mutating func reset() { failures = 0 }
}
