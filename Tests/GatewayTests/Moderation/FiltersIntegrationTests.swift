import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Filters against Postgres and Redis", .enabled(if: integrationEnabled), .serialized)
struct FiltersIntegrationTests {
    @Test func moderatorsManageFiltersAndOthersAreRefused() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let client = ModerationClient(stack)
            let mod = try await stack.createUser("mod", moderator: true)
            let user = try await stack.createUser("plain")

            let refused = await client.send(.GET, "/api/v2/filters", apiKey: user.apiKey)
            #expect(refused.status == 403)
            #expect(refused.rc == "NotModerator")
            #expect(await client.send(.GET, "/api/v2/filters", apiKey: "nope").rc == "InvalidAPIKey")

            let created = await client.send(
                .PUT, "/api/v2/filters", json: #"{"regex": "loli", "filter_type": 10, "replacement": "woman"}"#,
                apiKey: mod.apiKey)
            #expect(created.status == 201)
            #expect(created.body["user"]?.stringValue == "mod#\(mod.id)")
            #expect(created.body["replacement"]?.stringValue == "woman")
            let id = try #require(created.body["id"]?.stringValue)
            _ = await client.send(.PUT, "/api/v2/filters", json: #"{"regex": "nude", "filter_type": 20}"#, apiKey: mod.apiKey)

            #expect(await client.send(.PUT, "/api/v2/filters", json: #"{"regex": "a(", "filter_type": 10}"#, apiKey: mod.apiKey).rc == "BadRequest")
            #expect(await client.send(.PUT, "/api/v2/filters", json: #"{"regex": "a", "filter_type": 9}"#, apiKey: mod.apiKey).rc == "ValidationError")

            let listed = await client.send(.GET, "/api/v2/filters?filter_type=20", apiKey: mod.apiKey)
            #expect(listed.body.arrayValue?.count == 1)
            let containing = await client.send(.GET, "/api/v2/filters?contains=lol", apiKey: mod.apiKey)
            #expect(containing.body.arrayValue?.first?["id"]?.stringValue == id)

            let regex = await client.send(.GET, "/api/v2/filters/regex", apiKey: mod.apiKey)
            #expect(regex.body.arrayValue?.count == 2)
            #expect(regex.body.arrayValue?.first?["regex"]?.stringValue == "(?:loli)")

            let scored = await client.send(.POST, "/api/v2/filters", json: #"{"prompt": "n u d e l o l i"}"#, apiKey: mod.apiKey)
            #expect(scored.status == 200)
            #expect(scored.body["suspicion"] == 2)

            let patched = await client.send(.PATCH, "/api/v2/filters/\(id)", json: #"{"description": "minors"}"#, apiKey: mod.apiKey)
            #expect(patched.body["description"]?.stringValue == "minors")
            #expect(await client.send(.PATCH, "/api/v2/filters/\(id)", json: "{}", apiKey: mod.apiKey).rc == "NoFilterModSelected")
            #expect(await client.send(.GET, "/api/v2/filters/\(id)", apiKey: mod.apiKey).body["regex"]?.stringValue == "loli")
            #expect(await client.send(.DELETE, "/api/v2/filters/\(id)", apiKey: mod.apiKey).body["message"]?.stringValue == "OK")
            let gone = await client.send(.GET, "/api/v2/filters/\(id)", apiKey: mod.apiKey)
            #expect(gone.status == 404)
            #expect(gone.rc == "FilterNotFound")
            #expect(await client.send(.GET, "/api/v2/filters/not-a-uuid", apiKey: mod.apiKey).rc == "FilterNotFound")
        }
    }

    @Test func corruptPromptsAreRefusedRecordedAndTimeTheIPOut() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let client = ModerationClient(stack, address: "198.51.100.9")
            let mod = try await stack.createUser("mod", moderator: true)
            let user = try await stack.createUser("requester")
            for body in [#"{"regex": "loli", "filter_type": 10, "replacement": "woman"}"#, #"{"regex": "nude", "filter_type": 20}"#] {
                #expect(await client.send(.PUT, "/api/v2/filters", json: body, apiKey: mod.apiKey).status == 201)
            }

            let refused = await client.send(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "nude l o l i", "replacement_filter": false}"#,
                apiKey: user.apiKey)
            #expect(refused.status == 400)
            #expect(refused.rc == "CorruptPrompt")
            #expect(try await stack.count("gateway.requests") == 0)
            #expect(try await stack.count("gateway.filtered_prompts") == 1)
            #expect(try await stack.count("gateway.user_suspicions") == 1)

            // The IP is now in timeout for 3 minutes: generation and the default-agent check are refused.
            let timedOut = await client.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#, apiKey: user.apiKey)
            #expect(timedOut.status == 403)
            #expect(timedOut.rc == "TimeoutIP")
            #expect(timedOut.body["message"]?.stringValue?.contains("seconds") == true)
            let check = await client.send(.GET, "/api/v2/generate/check/\(UUID())")
            #expect(check.rc == "TimeoutIP")
            let ownAgent = await client.send(.GET, "/api/v2/generate/check/\(UUID())", clientAgent: "app:1:me")
            #expect(ownAgent.rc == "RequestNotFound")
            let listed = await client.send(.GET, "/api/v2/operations/ipaddr/198.51.100.9", apiKey: mod.apiKey)
            #expect(listed.body.arrayValue?.first?["seconds"]?.intValue ?? 0 > 170)

            // Lifting it lets the IP back in; the replacement filter (on by default) rewrites the prompt.
            #expect(await client.send(.DELETE, "/api/v2/operations/ipaddr", json: #"{"ipaddr": "198.51.100.9"}"#, apiKey: mod.apiKey).status == 200)
            let rewritten = await client.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "nude loli"}"#, apiKey: user.apiKey)
            #expect(rewritten.status == 202, "\(rewritten.body)")
            let stored = try await stack.pool.query("SELECT params->>'prompt' AS prompt FROM gateway.requests")
            #expect(stored.first?["prompt"].string == "nude woman ### \(PromptPolicy.minorNegativeTerms)")
        }
    }

    @Test func flaggedUsersAlwaysGetTheReplacementAndAgeRewrites() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let user = try await stack.createUser("flagged")
            try await stack.pool.execute("UPDATE gateway.users SET flagged = true WHERE id = \(user.id)")
            let client = ModerationClient(stack)
            let created = await client.send(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "a young girl reading ### blurry"}"#,
                apiKey: user.apiKey)
            #expect(created.status == 202, "\(created.body)")
            let stored = try await stack.pool.query("SELECT params->>'prompt' AS prompt FROM gateway.requests")
            #expect(stored.first?["prompt"].string == "a adult adult woman reading ### blurry, \(PromptPolicy.minorNegativeTerms)")
        }
    }

    @Test func moderatorsAreRefusedButNotPunished() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let client = ModerationClient(stack, address: "198.51.100.10")
            let mod = try await stack.createUser("mod", moderator: true)
            _ = await client.send(.PUT, "/api/v2/filters", json: #"{"regex": "kid", "filter_type": 11}"#, apiKey: mod.apiKey)
            _ = await client.send(.PUT, "/api/v2/filters", json: #"{"regex": "nude", "filter_type": 20}"#, apiKey: mod.apiKey)
            let refused = await client.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "nude kid"}"#, apiKey: mod.apiKey)
            #expect(refused.rc == "CorruptPrompt")
            #expect(try await stack.count("gateway.filtered_prompts") == 0)
            let next = await client.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat", "dry_run": true}"#, apiKey: mod.apiKey)
            #expect(next.status == 200)
        }
    }
}
