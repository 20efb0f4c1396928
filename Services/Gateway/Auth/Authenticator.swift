import Foundation
import HTTP
import HordeCore
import Messages
import Postgres
import Redis
import ServiceKit

/// Resolves the `apikey` header to a user: this replica's last second of lookups, then Redis (by key hash), then
/// Postgres, caching both hits and misses. A Redis outage only costs a database round trip. A key that is a UUID is a shared key: it resolves to
/// its owner, carrying the key's limits (`AuthenticatedUser.sharedKey`).
struct Authenticator: Sendable {
    /// The gateway's database pool (shared keys and proxy passkeys are read through it).
    let pool: PostgresPool
    /// Lookups by key hash (and `sk:<id>` for shared keys, `pk:<hash>` for proxy passkeys).
    let cache: RedisCache
    private let hasher: APIKeyHasher
    private let ttl: Duration
    /// User ids the operator made admins (`HORDE_ADMINS`).
    let admins: Set<Int>
    /// Writes `last_active` and the `Client-Agent` at most once a minute per user.
    let activity: ActivityRecorder
    /// The last second's lookups of this replica, checked before Redis.
    private let recent = RecentLookups()
    private let hits = MetricsRegistry.shared.counter(
        "horde_gateway_auth_cache_hits_total", help: "API key lookups answered from Redis")
    private let misses = MetricsRegistry.shared.counter(
        "horde_gateway_auth_cache_misses_total", help: "API key lookups that went to Postgres")

    /// Negative answers are cached too (keys are random, so a key unknown now cannot become valid later), but
    /// briefly, so a flood of made-up keys cannot fill Redis.
    private struct CachedLookup: Codable { var user: AuthenticatedUser? }
    private static let negativeTTL: Duration = .seconds(10)

    /// An authenticator caching lookups under `<keyPrefix>gw:key:` for `ttl`.
    init(
        pool: PostgresPool, redis: RedisClient, hasher: APIKeyHasher, keyPrefix: String, ttl: Duration, logger: Logger,
        admins: Set<Int> = []
    ) {
        self.pool = pool
        self.cache = RedisCache(client: redis, prefix: keyPrefix + "gw:key:", logger: logger)
        self.hasher = hasher
        self.ttl = ttl
        self.admins = admins
        self.activity = ActivityRecorder(pool: pool, logger: logger)
    }

    /// The key's user, or nil when the key matches nobody. A UUID is looked up as a shared key.
    func lookup(apiKey: String) async throws -> AuthenticatedUser? {
        // Only a 36-character key can be a UUID; parsing every key as one would cost each request a scan.
        if apiKey.utf8.count == 36, let sharedKeyId = UUID(uuidString: apiKey) {
            return try await lookup(sharedKey: sharedKeyId)
        }
        let hash = hasher.hash(apiKey)
        if let known = recent.get(hash) {
            hits.increment()
            return known
        }
        if let cached = await cache.get(hash, as: CachedLookup.self) {
            hits.increment()
            recent.set(hash, cached.user)
            return cached.user
        }
        misses.increment()
        let rows = try await pool.query(
            """
            SELECT k.key_hash, \(unsafeSQL: UserRows.columns)
            FROM gateway.api_keys k JOIN gateway.users u ON u.id = k.user_id
            WHERE k.key_hash = \(hash)
            """)
        var user: AuthenticatedUser?
        if let row = rows.first, let stored = row["key_hash"].string, APIKeyHasher.matches(stored, hash) {
            user = try UserRows.authenticatedUser(row)
        }
        await cache.set(hash, CachedLookup(user: user), ttl: user == nil ? min(ttl, Self.negativeTTL) : ttl)
        recent.set(hash, user)
        return user
    }

    /// The owner of shared key `id`, carrying the key's limits; nil for an unknown key.
    private func lookup(sharedKey id: UUID) async throws -> AuthenticatedUser? {
        let cacheKey = Self.sharedKeyCacheKey(id)
        if let known = recent.get(cacheKey) {
            hits.increment()
            return known
        }
        if let cached = await cache.get(cacheKey, as: CachedLookup.self) {
            hits.increment()
            recent.set(cacheKey, cached.user)
            return cached.user
        }
        misses.increment()
        let rows = try await pool.query(
            """
            SELECT s.expiry, s.max_image_pixels, s.max_image_steps, s.max_text_tokens, \(unsafeSQL: UserRows.columns)
            FROM gateway.shared_keys s JOIN gateway.users u ON u.id = s.owner_id
            WHERE s.id = \(id) AND NOT u.wiped
            """)
        var user: AuthenticatedUser?
        if let row = rows.first {
            var owner = try UserRows.authenticatedUser(row)
            owner.sharedKey = SharedKeyGrant(
                id: id, maxImagePixels: row["max_image_pixels"].int ?? -1,
                maxImageSteps: row["max_image_steps"].int ?? -1, maxTextTokens: row["max_text_tokens"].int ?? -1,
                expiry: row["expiry"].date)
            user = owner
        }
        await cache.set(cacheKey, CachedLookup(user: user), ttl: user == nil ? min(ttl, Self.negativeTTL) : ttl)
        recent.set(cacheKey, user)
        return user
    }

    /// The user of the request's `apikey` header (API key or shared key); 401 `InvalidAPIKey` when it matches
    /// nobody, 403 `SharedKeyExpired` for an expired shared key.
    func requireUser(_ request: HTTPRequest) async throws -> AuthenticatedUser {
        guard let key = request.apiKey else {
            throw HordeError.validation(
                errors: ["apikey": "The API Key corresponding to a registered user. Missing required parameter in the HTTP headers"])
        }
        guard let user = try await lookup(apiKey: key) else {
            throw HordeError(.invalidAPIKey, "No user matching sent API Key.")
        }
        if let grant = user.sharedKey, let expiry = grant.expiry, expiry <= Date() {
            throw HordeError(.sharedKeyExpired, "This shared key has expired.")
        }
        await activity.record(user, clientAgent: request.clientAgent)
        return user
    }

    /// The caller when an `apikey` header was sent (nil without one); 401 for a key that matches nobody.
    func optionalUser(_ request: HTTPRequest) async throws -> AuthenticatedUser? {
        guard request.apiKey != nil else { return nil }
        return try await requireUser(request)
    }

    /// Drops the cached lookup of a key (after its user changed).
    func invalidate(apiKey: String) async {
        await forget(hasher.hash(apiKey))
    }

    /// Drops every cached lookup that resolves to user `userId` (their API keys and shared keys), after the user
    /// record changed.
    func invalidate(userId: Int) async throws {
        let keys = try await pool.query("SELECT key_hash FROM gateway.api_keys WHERE user_id = \(userId)")
        for row in keys { if let hash = row["key_hash"].string { await forget(hash) } }
        let shared = try await pool.query("SELECT id FROM gateway.shared_keys WHERE owner_id = \(userId)")
        for row in shared { if let id = row["id"].uuid { await forget(Self.sharedKeyCacheKey(id)) } }
    }

    /// Drops the cached lookup of shared key `id` (after it changed or was deleted).
    func invalidate(sharedKey id: UUID) async {
        await forget(Self.sharedKeyCacheKey(id))
    }

    /// Drops a cached lookup here and in Redis.
    private func forget(_ key: String) async {
        recent.remove(key)
        await cache.invalidate(key)
    }

    /// Hashes keys the way stored keys are hashed (for new keys and proxy passkeys).
    func hash(_ key: String) -> String { hasher.hash(key) }

    private static func sharedKeyCacheKey(_ id: UUID) -> String { "sk:" + id.uuidString.lowercased() }
}
