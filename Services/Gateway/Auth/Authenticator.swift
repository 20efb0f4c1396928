import Foundation
import HTTP
import HordeCore
import Messages
import Postgres
import Redis
import ServiceKit

/// Resolves the `apikey` header to a user: Redis first (by key hash), then Postgres, caching both hits and
/// misses. A Redis outage only costs a database round trip.
struct Authenticator: Sendable {
    private let pool: PostgresPool
    private let cache: RedisCache
    private let hasher: APIKeyHasher
    private let ttl: Duration
    private let hits = MetricsRegistry.shared.counter(
        "horde_gateway_auth_cache_hits_total", help: "API key lookups answered from Redis")
    private let misses = MetricsRegistry.shared.counter(
        "horde_gateway_auth_cache_misses_total", help: "API key lookups that went to Postgres")

    /// Negative answers are cached too (keys are random, so a key unknown now cannot become valid later), but
    /// briefly, so a flood of made-up keys cannot fill Redis.
    private struct CachedLookup: Codable { var user: AuthenticatedUser? }
    private static let negativeTTL: Duration = .seconds(10)

    /// An authenticator caching lookups under `<keyPrefix>gw:key:` for `ttl`.
    init(pool: PostgresPool, redis: RedisClient, hasher: APIKeyHasher, keyPrefix: String, ttl: Duration, logger: Logger) {
        self.pool = pool
        self.cache = RedisCache(client: redis, prefix: keyPrefix + "gw:key:", logger: logger)
        self.hasher = hasher
        self.ttl = ttl
    }

    /// The key's user, or nil when the key matches nobody.
    func lookup(apiKey: String) async throws -> AuthenticatedUser? {
        let hash = hasher.hash(apiKey)
        if let cached = await cache.get(hash, as: CachedLookup.self) {
            hits.increment()
            return cached.user
        }
        misses.increment()
        let rows = try await pool.query(
            """
            SELECT k.key_hash, u.id, u.username, u.oauth_id, u.moderator, u.trusted, u.flagged, u.deleted,
                   u.concurrency
            FROM gateway.api_keys k JOIN gateway.users u ON u.id = k.user_id
            WHERE k.key_hash = \(hash)
            """)
        var user: AuthenticatedUser?
        if let row = rows.first, let stored = row["key_hash"].string, APIKeyHasher.matches(stored, hash) {
            user = try UserRows.authenticatedUser(row)
        }
        await cache.set(hash, CachedLookup(user: user), ttl: user == nil ? min(ttl, Self.negativeTTL) : ttl)
        return user
    }

    /// The user of the request's `apikey` header; 401 `InvalidAPIKey` when it matches nobody.
    func requireUser(_ request: HTTPRequest) async throws -> AuthenticatedUser {
        guard let key = request.apiKey else {
            throw HordeError.validation(
                errors: ["apikey": "The API Key corresponding to a registered user. Missing required parameter in the HTTP headers"])
        }
        guard let user = try await lookup(apiKey: key) else {
            throw HordeError(.invalidAPIKey, "No user matching sent API Key.")
        }
        return user
    }

    /// Drops the cached lookup of a key (after its user changed).
    func invalidate(apiKey: String) async {
        await cache.invalidate(hasher.hash(apiKey))
    }
}
