extension RedisClient {
    /// Counts a call against `key` in a fixed window of `window` that starts at the window's first call, and
    /// says whether it is within `limit`. One round trip: `INCR`, `PTTL` and, for a new window, `PEXPIRE` run
    /// atomically in a script, so a counter can never be left without an expiry.
    ///
    /// Throws when Redis is unavailable; the caller decides whether to fail open or closed.
    package func rateLimit(key: String, limit: Int, window: Duration) async throws -> RateLimitDecision {
        let windowMilliseconds = Self.milliseconds(window)
        let reply = try await eval(Self.fixedWindowScript, keys: [key], args: [String(windowMilliseconds)])
        guard let pair = reply.array, pair.count == 2, case .integer(let count) = pair[0],
            case .integer(let ttl) = pair[1]
        else { throw RedisError.protocolError("rate limit script answered \(reply)") }
        let resetAfter = Duration.milliseconds(max(0, ttl))
        let allowed = count <= limit
        return RateLimitDecision(
            allowed: allowed, remaining: max(0, limit - count), retryAfter: allowed ? .zero : resetAfter,
            resetAfter: resetAfter)
    }

    private static let fixedWindowScript = RedisScript(
        """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if ttl < 0 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            ttl = tonumber(ARGV[1])
        end
        return {count, ttl}
        """)
}
