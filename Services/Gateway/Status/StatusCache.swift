import Foundation
import HordeCore
import Messages
import Redis

/// Status bodies cached in Redis (`<prefix>gw:status:<id>:<kind>:<variant>`), as encoded JSON, so a poll that
/// hits the cache costs one GET and no encoding, with a short-lived copy in memory (`StatusMemoryCache`) so
/// repeated polls of one request skip even that. Invalidated by the request-event consumer and by submits.
struct StatusCache: Sendable {
    /// Which body: the lite check, or the full status with generations.
    enum Variant: String, Sendable, CaseIterable { case check, full }

    private let cache: RedisCache
    private let redis: RedisClient
    private let prefix: String
    private let logger: Logger
    private let memory = StatusMemoryCache()
    private let hits = MetricsRegistry.shared.counter(
        "horde_gateway_status_cache_hits_total", help: "Status calls answered from Redis")
    private let misses = MetricsRegistry.shared.counter(
        "horde_gateway_status_cache_misses_total", help: "Status calls built from Postgres")

    /// A cache under `<keyPrefix>gw:status:`.
    init(redis: RedisClient, keyPrefix: String, logger: Logger) {
        prefix = keyPrefix + "gw:status:"
        cache = RedisCache(client: redis, prefix: prefix, logger: logger)
        self.redis = redis
        self.logger = logger
    }

    private static func key(_ id: UUID, _ kind: RequestKind, _ variant: Variant) -> String {
        "\(id.apiString):\(kind.rawValue):\(variant.rawValue)"
    }

    /// The body kept in this process's memory, if fresh (no I/O).
    func memoryHit(_ id: UUID, kind: RequestKind, variant: Variant) -> [UInt8]? {
        guard let body = memory.get(Self.key(id, kind, variant)) else { return nil }
        hits.increment()
        return body
    }

    /// The cached body, if any.
    func get(_ id: UUID, kind: RequestKind, variant: Variant) async -> [UInt8]? {
        let key = Self.key(id, kind, variant)
        if let body = memory.get(key) {
            hits.increment()
            return body
        }
        let body = await cache.getRaw(key)
        if let body {
            hits.increment()
            memory.set(key, body, lifetime: memory.ttl)
        } else {
            misses.increment()
        }
        return body
    }

    /// Caches a body.
    func set(_ id: UUID, kind: RequestKind, variant: Variant, body: [UInt8], ttl: Duration) async {
        let key = Self.key(id, kind, variant)
        memory.set(key, body, lifetime: ttl)
        await cache.setRaw(key, body, ttl: ttl)
    }

    /// Drops every cached body of `id` in one round trip. A failure only leaves a body that expires on its own
    /// (within the short TTL of unfinished requests), so it is logged, not thrown.
    func invalidate(_ id: UUID) async {
        let local = RequestKind.allCases.flatMap { kind in Variant.allCases.map { Self.key(id, kind, $0) } }
        memory.remove(local)
        let keys = local.map { prefix + $0 }
        do {
            _ = try await redis.delete(keys)
        } catch {
            logger.debug("status cache invalidation failed", ["horde.request.id": id.apiString, "error": "\(error)"])
        }
    }
}
