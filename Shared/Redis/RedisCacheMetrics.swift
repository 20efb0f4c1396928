import HordeCore

/// The instruments of one `RedisCache`.
struct RedisCacheMetrics: Sendable {
    private let hits: Counter
    private let misses: Counter
    private let errors: Counter
    private let cache: String
    private let registry: MetricsRegistry

    /// The instruments labelled `cache`, registered in `registry`.
    init(cache: String, registry: MetricsRegistry = .shared) {
        func requests(_ result: String) -> Counter {
            registry.counter(
                "horde_redis_cache_requests_total", help: "Cache lookups by result (hit, miss, error).",
                labels: ["cache": cache, "result": result])
        }
        hits = requests("hit")
        misses = requests("miss")
        errors = requests("error")
        self.cache = cache
        self.registry = registry
    }

    /// Counts a lookup that reached Redis.
    func lookup(hit: Bool) { (hit ? hits : misses).increment() }

    /// Counts a lookup that Redis did not answer.
    func lookupFailed() { errors.increment() }

    /// Counts a failed cache operation (`get`, `set`, `invalidate`, `decode`, `encode`).
    func failure(_ operation: String) {
        registry.counter(
            "horde_redis_cache_failures_total", help: "Cache operations that failed, by operation.",
            labels: ["cache": cache, "operation": operation]
        ).increment()
    }
}
