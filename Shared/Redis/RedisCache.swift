import Foundation
import HordeCore

/// A typed cache over Redis for values that PostgreSQL can always rebuild (API key → user, request status).
///
/// It never throws: a miss and a Redis failure both return `nil`, so callers simply fall back to PostgreSQL.
/// Failures are not swallowed, though: each is counted in `horde_redis_cache_failures_total{cache,operation}`
/// and logged at debug. Lookups are counted in `horde_redis_cache_requests_total{cache,result}`.
/// Values are stored as JSON under `prefix:key`. Keys are never logged: some are secrets (API keys).
package struct RedisCache: Sendable {
    private let client: RedisClient
    /// Prepended to every key, with a `:` unless it already ends in one.
    package let prefix: String
    private let logger: Logger
    private let metrics: RedisCacheMetrics

    /// A cache whose keys live under `prefix` (also the `cache` label of its metrics).
    package init(client: RedisClient, prefix: String, logger: Logger) {
        self.client = client
        self.prefix = prefix.isEmpty || prefix.hasSuffix(":") ? prefix : prefix + ":"
        self.logger = logger.with(RedisLogKey.cache, prefix)
        self.metrics = RedisCacheMetrics(cache: prefix)
    }

    /// The full Redis key for `key`.
    package func redisKey(_ key: String) -> String { prefix + key }

    /// The cached value, or `nil` on a miss, a Redis failure, or a value that no longer decodes as `T`.
    package func get<T: Decodable>(_ key: String, as type: T.Type) async -> T? {
        guard let bytes = await getRaw(key) else { return nil }
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            // A value written by an older release; counted as a failure so a schema change shows on dashboards.
            metrics.failure("decode")
            logger.debug("Cached value does not decode", [RedisLogKey.error: "\(error)"])
            return nil
        }
    }

    /// Stores `value` as JSON for `ttl`. A failure is counted and logged; the caller carries on.
    package func set<T: Encodable>(_ key: String, _ value: T, ttl: Duration) async {
        let bytes: [UInt8]
        do {
            bytes = Array(try JSONEncoder().encode(value))
        } catch {
            metrics.failure("encode")
            logger.debug("Value does not encode for the cache", [RedisLogKey.error: "\(error)"])
            return
        }
        await setRaw(key, bytes, ttl: ttl)
    }

    /// The cached bytes, or `nil` on a miss or a Redis failure.
    package func getRaw(_ key: String) async -> [UInt8]? {
        do {
            let bytes = try await client.getBytes(redisKey(key))
            metrics.lookup(hit: bytes != nil)
            return bytes
        } catch {
            metrics.lookupFailed()
            metrics.failure("get")
            logger.debug("Cache read failed", [RedisLogKey.error: "\(error)"])
            return nil
        }
    }

    /// Stores bytes for `ttl`. A failure is counted and logged; the caller carries on.
    package func setRaw(_ key: String, _ value: [UInt8], ttl: Duration) async {
        do {
            try await client.set(redisKey(key), bytes: value, ttl: ttl)
        } catch {
            metrics.failure("set")
            logger.debug("Cache write failed", [RedisLogKey.error: "\(error)"])
        }
    }

    /// Deletes the entry, so the next read goes to PostgreSQL. A failure is counted and logged: the entry then
    /// lives until its TTL, which is why cached values always carry one.
    package func invalidate(_ key: String) async {
        do {
            try await client.delete(redisKey(key))
        } catch {
            metrics.failure("invalidate")
            logger.debug("Cache invalidation failed", [RedisLogKey.error: "\(error)"])
        }
    }
}
