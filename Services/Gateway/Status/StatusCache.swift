import Foundation
import HordeCore
import Messages
import Redis

/// Status bodies cached in Redis (`<prefix>gw:status:<id>:<kind>:<variant>`), as encoded JSON, so a poll that
/// hits the cache costs one GET and no encoding. Invalidated by the request-event consumer and by submits.
struct StatusCache: Sendable {
    /// Which body: the lite check, or the full status with generations.
    enum Variant: String, Sendable, CaseIterable { case check, full }

    private let cache: RedisCache
    private let redis: RedisClient
    private let prefix: String
    private let logger: Logger
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

    /// The cached body, if any.
    func get(_ id: UUID, kind: RequestKind, variant: Variant) async -> [UInt8]? {
        let body = await cache.getRaw(Self.key(id, kind, variant))
        if body == nil { misses.increment() } else { hits.increment() }
        return body
    }

    /// Caches a body.
    func set(_ id: UUID, kind: RequestKind, variant: Variant, body: [UInt8], ttl: Duration) async {
        await cache.setRaw(Self.key(id, kind, variant), body, ttl: ttl)
    }

    /// Drops every cached body of `id` in one round trip. A failure only leaves a body that expires on its own
    /// (within the short TTL of unfinished requests), so it is logged, not thrown.
    func invalidate(_ id: UUID) async {
        let keys = RequestKind.allCases.flatMap { kind in Variant.allCases.map { prefix + Self.key(id, kind, $0) } }
        do {
            _ = try await redis.delete(keys)
        } catch {
            logger.debug("status cache invalidation failed", ["horde.request.id": id.apiString, "error": "\(error)"])
        }
    }
}
