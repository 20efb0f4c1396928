import Foundation
import HTTP
import Messages
import Testing

@testable import Gateway

@Suite("Styles that carry a shared key", .enabled(if: integrationEnabled), .serialized)
struct StyleSharedKeyIntegrationTests {
    @Test func aStyledRequestIsPaidByTheKeyOwnerThroughTheKey() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("sponsor", trusted: true)
            let made = await stack.send(
                .PUT, "/api/v2/sharedkeys", json: #"{"kudos": 100, "max_image_pixels": 4096, "max_image_steps": 5}"#,
                apiKey: owner.apiKey)
            let key = try #require(made.body["id"]?.stringValue)
            let keyId = try #require(UUID(uuidString: key))
            let style = #"""
                {"name": "sponsored", "info": "paid for by its creator", "prompt": "{p}, watercolour###{np}",
                 "params": {"steps": 20}, "models": ["stable_diffusion"], "sharedkey": "\#(key)"}
                """#
            let createdStyle = await stack.call(.POST, "/api/v2/styles/image", json: style, apiKey: owner.apiKey)
            #expect(createdStyle.status == 200, "\(createdStyle.body)")
            let styleId = try #require(createdStyle.body["id"]?.stringValue)

            // Anyone using the style runs as the key's owner and draws on the key's budget; the key's per-job
            // limits (4096 pixels, 5 steps) do not apply to its own style.
            let guest = try await stack.createUser("guest")
            let styled = #"{"prompt": "a harbour", "style": "\#(styleId)"}"#
            let accepted = await stack.send(.POST, "/api/v2/generate/async", json: styled, apiKey: guest.apiKey)
            #expect(accepted.status == 202, "\(accepted.body)")
            let requests = try await stack.pool.query("SELECT user_id FROM gateway.requests")
            #expect(requests.first?["user_id"].int == owner.id)
            let after = await stack.send(.GET, "/api/v2/sharedkeys/\(key)")
            let left = try #require(after.body["kudos"]?.intValue)
            #expect(left < 100)
            #expect(after.body["utilized"]?.intValue == 100 - left)

            // The budget and expiry are enforced as for any shared-key request.
            try await stack.pool.execute("UPDATE gateway.shared_keys SET kudos = 0 WHERE id = \(keyId)")
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: styled, apiKey: guest.apiKey), .sharedKeyEmpty)
            try await stack.pool.execute(
                "UPDATE gateway.shared_keys SET kudos = 100, expiry = now() - interval '1 minute' WHERE id = \(keyId)")
            await stack.context.authenticator.invalidate(sharedKey: keyId)
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: styled, apiKey: guest.apiKey), .sharedKeyExpired)
            #expect(try await stack.count("gateway.requests") == 1)

            // A key a style carries cannot be used directly.
            try await stack.pool.execute("UPDATE gateway.shared_keys SET expiry = NULL WHERE id = \(keyId)")
            await stack.context.authenticator.invalidate(sharedKey: keyId)
            let direct = #"{"prompt": "a harbour", "params": {"width": 64, "height": 64, "steps": 5}}"#
            expectError(await stack.send(.POST, "/api/v2/generate/async", json: direct, apiKey: key), .sharedKeyAssignedStyles)
            // A style without a key leaves the requester paying.
            let plainStyle = #"""
                {"name": "plain", "info": "nobody sponsors this", "prompt": "{p}###{np}", "models": ["stable_diffusion"]}
                """#
            let plainId = try #require(
                await stack.call(.POST, "/api/v2/styles/image", json: plainStyle, apiKey: owner.apiKey).body["id"]?.stringValue)
            let own = await stack.send(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "style": "\#(plainId)"}"#, apiKey: guest.apiKey)
            #expect(own.status == 202, "\(own.body)")
            let mine = try await stack.pool.query("SELECT count(*) AS n FROM gateway.requests WHERE user_id = \(guest.id)")
            #expect(mine.first?["n"].int == 1)
        }
    }
}
