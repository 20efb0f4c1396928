import Foundation
import Messages
import Postgres
import Redis
import Testing

@testable import Gateway

@Suite("Auth against Postgres and Redis", .enabled(if: integrationEnabled), .serialized)
struct AuthIntegrationTests {
    @Test func keysResolveThroughTheCacheAndOnlyHashesAreStored() async throws {
        try await GatewayStack.with { stack in
            let created = try await stack.createUser("alice", trusted: true)
            let auth = stack.context.authenticator
            let hasher = APIKeyHasher(salt: stack.context.config.apiKeySalt)

            // Postgres holds the salted hash, never the key.
            let stored = try await stack.pool.query("SELECT key_hash FROM gateway.api_keys WHERE user_id = \(created.id)")
            #expect(stored.first?["key_hash"].string == hasher.hash(created.apiKey))
            let leaked = try await stack.pool.query("SELECT count(*) AS n FROM gateway.api_keys WHERE key_hash = \(created.apiKey)")
            #expect(try leaked.first?.decode("n", as: Int.self) == 0)

            let first = try await auth.lookup(apiKey: created.apiKey)
            #expect(first?.id == created.id)
            #expect(first?.username == "alice")
            #expect(first?.trusted == true)

            // The lookup is now cached under the hash: it keeps answering after the database row is gone.
            let cacheKey = stack.context.config.redisPrefix + "gw:key:" + hasher.hash(created.apiKey)
            #expect(try await stack.redis.get(cacheKey) != nil)
            try await stack.pool.execute("DELETE FROM gateway.api_keys WHERE user_id = \(created.id)")
            #expect(try await auth.lookup(apiKey: created.apiKey)?.id == created.id)

            // Invalidation sends the next lookup to Postgres.
            await auth.invalidate(apiKey: created.apiKey)
            #expect(try await auth.lookup(apiKey: created.apiKey) == nil)
        }
    }

    @Test func unknownKeysAre401AndTheAnonymousKeyIsUserZero() async throws {
        try await GatewayStack.with { stack in
            let anonymous = try await stack.context.authenticator.lookup(apiKey: "0000000000")
            #expect(anonymous?.id == 0)
            #expect(anonymous?.isAnonymous == true)

            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#, apiKey: "not-a-real-key")
            #expect(status == 401)
            #expect(body["rc"] == "InvalidAPIKey")
            #expect(try await stack.count("gateway.requests") == 0)

            let (missing, missingBody) = await stack.call(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#)
            #expect(missing == 400)
            #expect(missingBody["errors"]?["apikey"] != nil)
        }
    }

    @Test func redisOutageFallsBackToPostgres() async throws {
        try await GatewayStack.with { stack in
            let created = try await stack.createUser("bob")
            let deadRedis = RedisClient(config: RedisConfig(url: "redis://127.0.0.1:1/0"), logger: stack.logger)
            let auth = Authenticator(
                pool: stack.pool, redis: deadRedis, hasher: APIKeyHasher(salt: stack.context.config.apiKeySalt),
                keyPrefix: "unused:", ttl: .seconds(60), logger: stack.logger)
            #expect(try await auth.lookup(apiKey: created.apiKey)?.id == created.id)
            #expect(try await auth.lookup(apiKey: "nope") == nil)
            await deadRedis.close()
        }
    }
}
