import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Accounts: shared keys", .enabled(if: integrationEnabled), .serialized)
struct AccountsSharedKeysIntegrationTests {
    @Test func ownersManageTheirKeys() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let other = try await stack.createUser("other")
            let created = await stack.send(.PUT, "/api/v2/sharedkeys", json: #"{"name": "for my bot"}"#, apiKey: owner.apiKey)
            #expect(created.status == 200)
            let id = try #require(created.body["id"]?.stringValue)
            #expect(created.body["kudos"] == 5000, "parser default budget")
            #expect(created.body["max_image_pixels"] == -1)
            #expect(created.body["expiry"] == nil, "never expires by default")
            #expect(created.body["username"]?.stringValue == "owner#\(owner.id)")
            #expect(await stack.send(.GET, "/api/v2/users/\(owner.id)", apiKey: owner.apiKey).body["sharedkey_ids"] == [.string(id)])

            expectError(await stack.send(.PUT, "/api/v2/sharedkeys", json: "{}", apiKey: "0000000000"), .anonForbidden)
            expectError(await stack.send(.PUT, "/api/v2/sharedkeys", json: #"{"kudos": -2, "max_image_steps": 501}"#, apiKey: owner.apiKey), .validationError)
            for _ in 0..<2 { #expect(await stack.send(.PUT, "/api/v2/sharedkeys", json: "{}", apiKey: owner.apiKey).status == 200) }
            expectError(await stack.send(.PUT, "/api/v2/sharedkeys", json: "{}", apiKey: owner.apiKey), .forbidden)

            let path = "/api/v2/sharedkeys/\(id)"
            #expect(await stack.send(.GET, path).body["name"] == "for my bot")
            expectError(await stack.send(.GET, "/api/v2/sharedkeys/\(UUID().uuidString)"), .invalidAPIKey)
            expectError(await stack.send(.PATCH, path, json: #"{"kudos": 10}"#, apiKey: other.apiKey), .forbidden)
            expectError(await stack.send(.PATCH, path, json: "{}", apiKey: owner.apiKey), .noSharedKeyModSelected)
            let patched = await stack.send(.PATCH, path, json: #"{"kudos": 10, "expiry": 2, "max_text_tokens": 100}"#, apiKey: owner.apiKey)
            #expect(patched.body["kudos"] == 10)
            #expect(patched.body["max_text_tokens"] == 100)
            #expect(patched.body["expiry"]?.stringValue != nil)
            expectError(await stack.send(.DELETE, path, apiKey: other.apiKey), .forbidden)
            #expect(await stack.send(.DELETE, path, apiKey: owner.apiKey).body["message"] == "OK")
            expectError(await stack.send(.GET, path), .invalidAPIKey)
        }
    }

    @Test func sharedKeysActAsTheirOwnerWithinTheirLimits() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let made = await stack.send(
                .PUT, "/api/v2/sharedkeys",
                json: #"{"kudos": 100, "max_image_pixels": 262144, "max_image_steps": 30, "max_text_tokens": 80}"#,
                apiKey: owner.apiKey)
            let key = try #require(made.body["id"]?.stringValue)
            let keyId = try #require(UUID(uuidString: key))

            // Authenticates as the owner, but without the owner's private fields or account rights.
            let found = await stack.send(.GET, "/api/v2/find_user", apiKey: key)
            #expect(found.body["id"]?.intValue == owner.id)
            #expect(found.body["contact"] == nil)
            expectError(await stack.send(.PUT, "/api/v2/users/\(owner.id)", json: #"{"public_workers": true}"#, apiKey: key), .invalidAPIKey)
            expectError(await stack.send(.PUT, "/api/v2/sharedkeys", json: "{}", apiKey: key), .invalidAPIKey)
            // Shared keys cannot run workers.
            expectError(await stack.send(.POST, "/api/v2/generate/pop", json: #"{"name": "keyed"}"#, apiKey: key), .invalidAPIKey)
            expectError(await stack.send(.POST, "/api/v2/generate/text/pop", json: #"{"name": "keyed"}"#, apiKey: key), .invalidAPIKey)
            let submit = #"{"id": "\#(UUID().uuidString)", "generation": "x"}"#
            expectError(await stack.send(.POST, "/api/v2/generate/submit", json: submit, apiKey: key), .invalidAPIKey)
            expectError(await stack.send(.POST, "/api/v2/generate/text/submit", json: submit, apiKey: key), .invalidAPIKey)
            #expect(try await stack.count("gateway.workers") == 0)

            // Per-job limits.
            let big = #"{"prompt": "a cat", "params": {"width": 1024, "height": 1024}}"#
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: big, apiKey: key), .badRequest)
            let steps = #"{"prompt": "a cat", "params": {"steps": 40}}"#
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: steps, apiKey: key), .badRequest)
            let long = #"{"prompt": "hello", "params": {"max_length": 200}}"#
            expectError(await stack.send(.POST, "/api/v2/generate/text/async", json: long, apiKey: key), .badRequest)
            #expect(try await stack.count("gateway.requests") == 0)

            // The budget shrinks with every request and refuses what it cannot cover.
            let small = #"{"prompt": "a cat", "params": {"width": 512, "height": 512, "steps": 20}}"#
            let accepted = await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: key)
            #expect(accepted.status == 202)
            let after = await stack.send(.GET, "/api/v2/sharedkeys/\(key)")
            let left = try #require(after.body["kudos"]?.intValue)
            #expect(left < 100)
            #expect(after.body["utilized"]?.intValue == 100 - left)
            let stored = try await stack.pool.query("SELECT user_id FROM gateway.requests")
            #expect(stored.first?["user_id"].int == owner.id, "the request belongs to the key's owner")

            try await stack.pool.execute("UPDATE gateway.shared_keys SET kudos = 1 WHERE id = \(keyId)")
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: key), .sharedKeyInsufficientKudos)
            try await stack.pool.execute("UPDATE gateway.shared_keys SET kudos = 0 WHERE id = \(keyId)")
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: key), .sharedKeyEmpty)
            _ = await stack.send(.PATCH, "/api/v2/sharedkeys/\(key)", json: #"{"kudos": -1, "expiry": 1}"#, apiKey: owner.apiKey)
            #expect(await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: key).status == 202, "unlimited budget")
            try await stack.pool.execute(
                "UPDATE gateway.shared_keys SET expiry = now() - interval '1 minute' WHERE id = \(keyId)")
            await stack.context.authenticator.invalidate(sharedKey: keyId)
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: key), .sharedKeyExpired)
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: small, apiKey: UUID().uuidString), .invalidAPIKey)
        }
    }
}
