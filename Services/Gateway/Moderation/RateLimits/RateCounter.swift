import Redis

/// Counts one call against several fixed windows and reads the caller's IP timeout, in one Redis round trip
/// (one `EVALSHA`): each counter is `INCR`ed and given its window on first use, atomically, so none is left
/// without an expiry.
struct RateCounter: Sendable {
    /// One counter's state after this call.
    struct Count: Sendable, Equatable {
        /// Calls in the current window, this one included.
        var calls: Int
        /// Milliseconds until the window resets.
        var resetMilliseconds: Int
    }

    private let redis: RedisClient

    /// A counter over `redis`.
    init(redis: RedisClient) { self.redis = redis }

    /// Counts the call under `keys` (with their windows) and returns each count, plus the milliseconds left of
    /// the timeout at `timeoutKey` (nil when there is none or no key was given).
    func count(_ keys: [(key: String, window: Duration)], timeoutKey: String?) async throws
        -> (counts: [Count], timeoutMilliseconds: Int?)
    {
        var redisKeys = keys.map(\.key)
        if let timeoutKey { redisKeys.append(timeoutKey) }
        let args = keys.map { String(max(1, $0.window.components.seconds * 1000)) } + [timeoutKey == nil ? "0" : "1"]
        let reply = try await redis.eval(Self.script, keys: redisKeys, args: args)
        guard let values = reply.array, values.count == keys.count * 2 + 1 else {
            throw RedisError.protocolError("rate counter script answered \(reply)")
        }
        var counts: [Count] = []
        for index in 0..<keys.count {
            counts.append(Count(calls: values[index * 2].int ?? 0, resetMilliseconds: values[index * 2 + 1].int ?? 0))
        }
        let timeout = values[keys.count * 2].int ?? -2
        return (counts, timeout > 0 ? timeout : nil)
    }

    private static let script = RedisScript(
        """
        local n = #ARGV - 1
        local out = {}
        for i = 1, n do
            local count = redis.call('INCR', KEYS[i])
            local ttl = redis.call('PTTL', KEYS[i])
            if ttl < 0 then
                redis.call('PEXPIRE', KEYS[i], ARGV[i])
                ttl = tonumber(ARGV[i])
            end
            out[#out + 1] = count
            out[#out + 1] = ttl
        end
        if ARGV[n + 1] == '1' then
            out[#out + 1] = redis.call('PTTL', KEYS[n + 1])
        else
            out[#out + 1] = -2
        end
        return out
        """)
}
