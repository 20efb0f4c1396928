import HordeCore
import Redis
import Synchronization

/// Fixed-window rate limits counted in this replica's memory and synchronised with Redis, so a request costs no
/// Redis round trip: each call is counted locally against the last global count Redis reported, and a short
/// moment later (`syncInterval`) one script call adds the replica's new calls of every touched key to Redis and
/// reads back the global counts and window ends. All replicas therefore agree within about one interval. The
/// IP timeouts set by the suspicion rules are read the same way: from a local copy at most `timeoutFreshness`
/// old, refreshed in the same script call.
final class RateLimiter: Sendable {
    /// One counted window.
    struct Count: Sendable, Equatable {
        /// Calls in the current window, this one included, as far as this replica knows.
        var calls: Int
        /// Time until the window resets.
        var resetAfter: Duration
    }

    private struct Counter {
        var window: Duration
        var windowEnd: ContinuousClock.Instant
        /// Calls of all replicas up to the last synchronisation.
        var global: Int
        /// This replica's calls since then.
        var pending: Int
    }

    private struct CachedTimeout {
        var until: ContinuousClock.Instant?
        var checkedAt: ContinuousClock.Instant
    }

    private struct State {
        var counters: [String: Counter] = [:]
        var timeouts: [String: CachedTimeout] = [:]
        var staleTimeouts: Set<String> = []
        var syncScheduled = false
    }

    private let redis: RedisClient
    private let syncInterval: Duration
    private let timeoutFreshness: Duration
    private let logger: Logger
    private let state = Mutex(State())
    private let failures = MetricsRegistry.shared.counter(
        "horde_gateway_rate_limit_failures_total", help: "Rate-limit synchronisations with Redis that failed")

    /// A limiter synchronising with `redis` every `syncInterval`.
    init(redis: RedisClient, syncInterval: Duration, timeoutFreshness: Duration = .seconds(1), logger: Logger) {
        self.redis = redis
        self.syncInterval = syncInterval
        self.timeoutFreshness = timeoutFreshness
        self.logger = logger
    }

    /// Counts one call under each key (with its window) and returns the counts, plus the time left of the
    /// timeout at `timeoutKey` if this replica knows of one.
    func hit(_ keys: [(key: String, window: Duration)], timeoutKey: String?) -> (
        counts: [Count], timeoutLeft: Duration?
    ) {
        let now = ContinuousClock.now
        let (counts, timeoutLeft, schedule) = state.withLock { state -> ([Count], Duration?, Bool) in
            var counts: [Count] = []
            counts.reserveCapacity(keys.count)
            for (key, window) in keys {
                var counter = state.counters[key] ?? Counter(window: window, windowEnd: now + window, global: 0, pending: 0)
                if counter.windowEnd <= now {
                    counter = Counter(window: window, windowEnd: now + window, global: 0, pending: 0)
                }
                counter.pending += 1
                state.counters[key] = counter
                counts.append(Count(calls: counter.global + counter.pending, resetAfter: counter.windowEnd - now))
            }
            var left: Duration?
            if let timeoutKey {
                let cached = state.timeouts[timeoutKey]
                if let cached, now - cached.checkedAt < timeoutFreshness {
                } else {
                    state.staleTimeouts.insert(timeoutKey)
                }
                if let until = cached?.until, until > now { left = until - now }
            }
            let schedule = !state.syncScheduled && (!keys.isEmpty || !state.staleTimeouts.isEmpty)
            if schedule { state.syncScheduled = true }
            return (counts, left, schedule)
        }
        if schedule {
            Task {
                try? await Task.sleep(for: syncInterval)
                await synchronise()
            }
        }
        return (counts, timeoutLeft)
    }

    /// Records a timeout this replica just set in Redis, so it applies here at once.
    func noteTimeout(_ key: String, lasting duration: Duration) {
        let now = ContinuousClock.now
        state.withLock { $0.timeouts[key] = CachedTimeout(until: now + duration, checkedAt: now) }
    }

    /// Forgets a timeout this replica just lifted in Redis.
    func clearTimeout(_ key: String) {
        let now = ContinuousClock.now
        state.withLock { $0.timeouts[key] = CachedTimeout(until: nil, checkedAt: now) }
    }

    /// Sends this replica's new calls to Redis and takes over the global counts and the IP timeouts asked for.
    /// On failure the calls stay pending for the next attempt.
    func synchronise() async {
        let now = ContinuousClock.now
        let (batch, timeoutKeys) = state.withLock { state -> ([(String, Int, Duration)], [String]) in
            state.syncScheduled = false
            var batch: [(String, Int, Duration)] = []
            for (key, counter) in state.counters {
                if counter.pending > 0 {
                    batch.append((key, counter.pending, counter.window))
                    state.counters[key]?.pending = 0
                } else if counter.windowEnd <= now {
                    state.counters[key] = nil
                }
            }
            let timeoutKeys = Array(state.staleTimeouts)
            state.staleTimeouts = []
            state.timeouts = state.timeouts.filter { now - $0.value.checkedAt < timeoutFreshness * 60 }
            return (batch, timeoutKeys)
        }
        guard !batch.isEmpty || !timeoutKeys.isEmpty else { return }
        var args = [String(batch.count)]
        for (_, increment, window) in batch {
            args.append(String(increment))
            args.append(String(max(1, window.milliseconds)))
        }
        do {
            let reply = try await redis.eval(Self.script, keys: batch.map(\.0) + timeoutKeys, args: args)
            guard let values = reply.array, values.count == batch.count * 2 + timeoutKeys.count else {
                throw RedisError.protocolError("rate limit script answered \(reply)")
            }
            let done = ContinuousClock.now
            state.withLock { state in
                for (index, (key, _, _)) in batch.enumerated() {
                    guard var counter = state.counters[key] else { continue }
                    counter.global = values[index * 2].int ?? counter.global
                    counter.windowEnd = done + .milliseconds(max(0, values[index * 2 + 1].int ?? 0))
                    state.counters[key] = counter
                }
                for (index, key) in timeoutKeys.enumerated() {
                    let left = values[batch.count * 2 + index].int ?? -2
                    state.timeouts[key] = CachedTimeout(until: left > 0 ? done + .milliseconds(left) : nil, checkedAt: done)
                }
            }
        } catch {
            failures.increment()
            logger.warning("rate limits not synchronised with Redis", ["error": String(describing: error)])
            state.withLock { state in
                for (key, increment, _) in batch { state.counters[key]?.pending += increment }
                state.staleTimeouts.formUnion(timeoutKeys)
            }
        }
    }

    /// `INCRBY` each counter by this replica's calls (giving a new counter its window), answer each count and
    /// window left, then the time left of each timeout key.
    private static let script = RedisScript(
        """
        local n = tonumber(ARGV[1])
        local out = {}
        for i = 1, n do
            local count = redis.call('INCRBY', KEYS[i], ARGV[i * 2])
            local ttl = redis.call('PTTL', KEYS[i])
            if ttl < 0 then
                redis.call('PEXPIRE', KEYS[i], ARGV[i * 2 + 1])
                ttl = tonumber(ARGV[i * 2 + 1])
            end
            out[#out + 1] = count
            out[#out + 1] = ttl
        end
        for i = n + 1, #KEYS do
            out[#out + 1] = redis.call('PTTL', KEYS[i])
        end
        return out
        """)
}
