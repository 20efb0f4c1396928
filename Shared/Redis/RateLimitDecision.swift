/// The answer of a fixed-window rate limiter for one call.
package struct RateLimitDecision: Sendable, Equatable {
    /// Whether this call is within the limit.
    package var allowed: Bool
    /// Calls still allowed in the current window (0 once the limit is reached).
    package var remaining: Int
    /// How long to wait before calling again: zero when allowed, else the time until the window resets.
    package var retryAfter: Duration
    /// Time until the current window resets (for `X-RateLimit-Reset`-style headers).
    package var resetAfter: Duration

    /// A decision; `resetAfter` defaults to `retryAfter`.
    package init(allowed: Bool, remaining: Int, retryAfter: Duration, resetAfter: Duration? = nil) {
        self.allowed = allowed
        self.remaining = remaining
        self.retryAfter = retryAfter
        self.resetAfter = resetAfter ?? retryAfter
    }
}
