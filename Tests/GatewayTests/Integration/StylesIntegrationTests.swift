import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Styles, examples and collections", .enabled(if: integrationEnabled), .serialized)
struct StylesIntegrationTests {
    private static let imageStyle = #"""
        {"name": "noir", "info": "black and white film look", "prompt": "{p}, film noir###{np}, colour",
         "params": {"steps": 25, "cfg_scale": 6}, "models": ["stable_diffusion"], "tags": ["film", "bw"]}
        """#

    @Test func customizersCreateImageStylesEveryoneCanRead() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("painter", trusted: true)
            let (status, created) = await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: owner.apiKey)
            #expect(status == 200)
            #expect(created["message"] == "OK")
            let id = try #require(created["id"]?.stringValue)

            let (shown, style) = await stack.call(.GET, "/api/v2/styles/image/\(id)")
            #expect(shown == 200)
            #expect(style["name"] == "noir")
            #expect(style["prompt"] == "{p}, film noir###{np}, colour")
            #expect(style["params"]?["steps"] == 25)
            #expect(style["creator"]?.stringValue == "painter#\(owner.id)")
            #expect(style["use_count"] == 0)
            #expect(style["public"] == true && style["nsfw"] == false)
            #expect(style["tags"] == ["film", "bw"])
            #expect(style["examples"] == [])

            let byName = await stack.call(.GET, "/api/v2/styles/image_by_name/painter%23\(owner.id)::style::noir")
            #expect(byName.status == 200)
            #expect(byName.body["id"]?.stringValue == id)

            let listed = await stack.call(.GET, "/api/v2/styles/image?sort=age&tag=film")
            #expect(listed.status == 200)
            #expect(listed.body.arrayValue?.compactMap { $0["id"]?.stringValue } == [id])
            #expect(await stack.call(.GET, "/api/v2/styles/image?tag=other").body.arrayValue?.isEmpty == true)
            #expect(await stack.call(.GET, "/api/v2/styles/image?sort=newest").status == 400)
            #expect(await stack.call(.GET, "/api/v2/styles/image?page=9223372036854775807").status == 400)
            #expect(await stack.call(.GET, "/api/v2/styles/image?page=0").status == 400)
            #expect(await stack.call(.GET, "/api/v2/styles/image?page=2").body.arrayValue?.isEmpty == true)
            #expect(await stack.call(.GET, "/api/v2/styles/text").body.arrayValue?.isEmpty == true)

            let wrongKind = await stack.call(.GET, "/api/v2/styles/text/\(id)")
            #expect(wrongKind.status == 400)
            #expect(wrongKind.body["rc"] == "BadRequest")
            let unknown = await stack.call(.GET, "/api/v2/styles/image/\(UUID())")
            #expect(unknown.status == 404)
            #expect(unknown.body["rc"] == "Image styleNotFound")
            #expect(await stack.call(.GET, "/api/v2/styles/text/nope").body["rc"] == "Text styleNotFound")
        }
    }

    @Test func creationNeedsARoleAValidTemplateAndAFreeName() async throws {
        try await GatewayStack.with { stack in
            let plain = try await stack.createUser("plain")
            let trusted = try await stack.createUser("trusted", trusted: true)
            let anonymous = await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: "0000000000")
            #expect(anonymous.status == 403)
            #expect(anonymous.body["rc"] == "StylesAnonForbidden")
            let untrusted = await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: plain.apiKey)
            #expect(untrusted.status == 403)
            #expect(untrusted.body["rc"] == "StylesRequiresCustomizer")

            try await stack.pool.execute("UPDATE gateway.users SET customizer = true WHERE id = \(plain.id)")
            #expect(await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: plain.apiKey).status == 200)

            let noNegative = #"{"name": "x1", "info": "long enough info", "prompt": "{p} only here", "models": ["m"]}"#
            let missing = await stack.call(.POST, "/api/v2/styles/image", json: noNegative, apiKey: trusted.apiKey)
            #expect(missing.status == 400)
            #expect(missing.body["rc"] == "BadRequest")
            let textOK = #"{"name": "x1", "info": "long enough info", "prompt": "{p} only here", "models": ["m"]}"#
            #expect(await stack.call(.POST, "/api/v2/styles/text", json: textOK, apiKey: trusted.apiKey).status == 200)

            let shortInfo = await stack.call(
                .POST, "/api/v2/styles/image", json: #"{"name": "x2", "info": "short", "models": ["m"]}"#,
                apiKey: trusted.apiKey)
            #expect(shortInfo.status == 400)
            #expect(shortInfo.body["errors"]?["info"] != nil)
            let noName = await stack.call(.POST, "/api/v2/styles/image", json: #"{"models": ["m"]}"#, apiKey: trusted.apiKey)
            #expect(noName.body["errors"]?["name"] != nil)
            let sixModels = #"{"name": "x3", "models": ["a", "b", "c", "d", "e", "f"]}"#
            #expect(await stack.call(.POST, "/api/v2/styles/image", json: sixModels, apiKey: trusted.apiKey).status == 400)

            let again = await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: plain.apiKey)
            #expect(again.status == 400, "names are unique per user")
            #expect(try await stack.count("gateway.styles") == 2)
        }
    }

    @Test func onlyOwnersChangeAndOwnersOrModeratorsDelete() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner", trusted: true)
            let other = try await stack.createUser("other", trusted: true)
            let moderator = try await stack.createUser("mod", moderator: true)
            let id = try #require(
                await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: owner.apiKey).body["id"]?
                    .stringValue)

            let stranger = await stack.call(.PATCH, "/api/v2/styles/image/\(id)", json: #"{"nsfw": true}"#, apiKey: other.apiKey)
            #expect(stranger.status == 403)
            #expect(stranger.body["rc"] == "NotOwner")
            let patched = await stack.call(
                .PATCH, "/api/v2/styles/image/\(id)", json: #"{"nsfw": true, "tags": ["dark"]}"#, apiKey: owner.apiKey)
            #expect(patched.status == 200)
            let style = await stack.call(.GET, "/api/v2/styles/image/\(id)").body
            #expect(style["nsfw"] == true)
            #expect(style["tags"] == ["dark"])
            #expect(style["name"] == "noir", "fields not sent stay")
            #expect(await stack.call(.PATCH, "/api/v2/styles/image/\(id)", json: "{}", apiKey: owner.apiKey).status == 400)

            #expect(await stack.call(.DELETE, "/api/v2/styles/image/\(id)", apiKey: other.apiKey).status == 403)
            let deleted = await stack.call(.DELETE, "/api/v2/styles/image/\(id)", apiKey: moderator.apiKey)
            #expect(deleted.status == 200)
            #expect(deleted.body["message"] == "OK")
            #expect(await stack.call(.GET, "/api/v2/styles/image/\(id)").status == 404)
        }
    }

    @Test func examplesAreHTTPSAtMostFourWithOnePrimary() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner", trusted: true)
            let id = try #require(
                await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: owner.apiKey).body["id"]?
                    .stringValue)
            let path = "/api/v2/styles/image/\(id)/example"
            let first = await stack.call(.POST, path, json: #"{"url": "https://img.example/1.webp", "primary": true}"#, apiKey: owner.apiKey)
            #expect(first.status == 200)
            let firstId = try #require(first.body["id"]?.stringValue)
            #expect(await stack.call(.POST, path, json: #"{"url": "http://img.example/x.webp"}"#, apiKey: owner.apiKey).status == 400)
            let duplicate = await stack.call(.POST, path, json: #"{"url": "https://img.example/1.webp"}"#, apiKey: owner.apiKey)
            #expect(duplicate.status == 400)
            #expect(duplicate.body["rc"] == "BadRequest")
            for index in 2...4 {
                #expect(await stack.call(.POST, path, json: #"{"url": "https://img.example/\#(index).webp"}"#, apiKey: owner.apiKey).status == 200)
            }
            let fifth = await stack.call(.POST, path, json: #"{"url": "https://img.example/5.webp"}"#, apiKey: owner.apiKey)
            #expect(fifth.status == 403)
            #expect(fifth.body["rc"] == "Forbidden")

            let examples = try #require(await stack.call(.GET, "/api/v2/styles/image/\(id)").body["examples"]?.arrayValue)
            #expect(examples.count == 4)
            let secondId = try #require(examples.first { $0["url"] == "https://img.example/2.webp" }?["id"]?.stringValue)
            #expect(await stack.call(.PATCH, "\(path)/\(secondId)", json: #"{"primary": true}"#, apiKey: owner.apiKey).status == 200)
            let after = try #require(await stack.call(.GET, "/api/v2/styles/image/\(id)").body["examples"]?.arrayValue)
            #expect(after.filter { $0["primary"] == true }.compactMap { $0["id"]?.stringValue } == [secondId])

            #expect(await stack.call(.DELETE, "\(path)/\(firstId)", apiKey: owner.apiKey).status == 200)
            let gone = await stack.call(.DELETE, "\(path)/\(firstId)", apiKey: owner.apiKey)
            #expect(gone.status == 404)
            #expect(gone.body["rc"] == "Style exampleNotFound")
        }
    }

    @Test func collectionsHoldStylesOfOneKind() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("curator", trusted: true)
            let image = try #require(
                await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: owner.apiKey).body["id"]?
                    .stringValue)
            let text = try #require(
                await stack.call(.POST, "/api/v2/styles/text", json: #"{"name": "poet", "models": ["llm"]}"#, apiKey: owner.apiKey)
                    .body["id"]?.stringValue)

            let anonymous = await stack.call(.POST, "/api/v2/collections", json: #"{"name": "c", "styles": ["\#(image)"]}"#, apiKey: "0000000000")
            #expect(anonymous.body["rc"] == "StylesAnonForbidden")
            let mixed = await stack.call(.POST, "/api/v2/collections", json: #"{"name": "c", "styles": ["\#(image)", "\#(text)"]}"#, apiKey: owner.apiKey)
            #expect(mixed.status == 400)
            #expect(mixed.body["rc"] == "BadRequest")
            let unknown = await stack.call(.POST, "/api/v2/collections", json: #"{"name": "c", "styles": ["\#(UUID())"]}"#, apiKey: owner.apiKey)
            #expect(unknown.status == 404)
            #expect(unknown.body["rc"] == "StyleNotFound")
            #expect(await stack.call(.POST, "/api/v2/collections", json: #"{"name": "c", "styles": []}"#, apiKey: owner.apiKey).status == 400)

            let byName = "curator#\(owner.id)::style::noir"
            let created = await stack.call(.POST, "/api/v2/collections", json: #"{"name": "moods", "info": "dark ones", "styles": ["\#(byName)"]}"#, apiKey: owner.apiKey)
            #expect(created.status == 200)
            let id = try #require(created.body["id"]?.stringValue)
            let shown = await stack.call(.GET, "/api/v2/collections/\(id)").body
            #expect(shown["type"] == "image")
            #expect(shown["styles"] == [["name": .string(byName), "id": .string(image)]])
            #expect(shown["use_count"] == 0)
            #expect(await stack.call(.GET, "/api/v2/collection_by_name/curator%23\(owner.id)::collection::moods").body["id"]?.stringValue == id)
            #expect(await stack.call(.GET, "/api/v2/collections?type=image").body.arrayValue?.count == 1)
            #expect(await stack.call(.GET, "/api/v2/collections?type=text").body.arrayValue?.isEmpty == true)
            #expect(await stack.call(.GET, "/api/v2/collections?type=video").status == 400)

            let retyped = await stack.call(.PATCH, "/api/v2/collections/\(id)", json: #"{"styles": ["\#(text)"], "public": false}"#, apiKey: owner.apiKey)
            #expect(retyped.status == 200)
            let after = await stack.call(.GET, "/api/v2/collections/\(id)").body
            #expect(after["type"] == "text")
            #expect(after["public"] == false)
            #expect(await stack.call(.GET, "/api/v2/collections").body.arrayValue?.isEmpty == true, "private ones are not listed")

            let missing = await stack.call(.GET, "/api/v2/collections/\(UUID())")
            #expect(missing.status == 404)
            #expect(missing.body["rc"] == "CollectionNotFound")
            #expect(await stack.call(.DELETE, "/api/v2/collections/\(id)", apiKey: owner.apiKey).status == 200)
            #expect(try await stack.count("gateway.styles") == 2, "deleting a collection keeps its styles")
        }
    }

    @Test func requestsNamingAStyleRunWithItsTemplateParamsAndModels() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("stylist", trusted: true)
            let user = try await stack.createUser("client")
            try await stack.pool.execute("INSERT INTO ledger.balances (account, balance) VALUES (\("user:\(user.id)"), 500)")
            let styleId = try #require(
                await stack.call(.POST, "/api/v2/styles/image", json: Self.imageStyle, apiKey: owner.apiKey).body["id"]?
                    .stringValue)
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/async",
                json: #"{"prompt": "a harbour###boats", "params": {"steps": 10, "n": 2}, "models": ["other"], "style": "\#(styleId)"}"#,
                apiKey: user.apiKey)
            #expect(status == 202)
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let row = try #require(try await stack.pool.query(
                """
                SELECT n, models, params->>'prompt' AS prompt, params->'params'->>'steps' AS steps
                FROM gateway.requests WHERE id = \(id)
                """
            ).first)
            #expect(row["prompt"].string == "a harbour, film noir###boats, colour")
            #expect(row["n"].int == 2, "the request's own parameters stay")
            #expect(try row.decode("models", as: [String].self) == ["stable_diffusion"])
            #expect(row["steps"].string == "25")
            #expect(await stack.call(.GET, "/api/v2/styles/image/\(styleId)").body["use_count"] == 1)

            let unknown = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "style": "nobody#9::style::none"}"#,
                apiKey: user.apiKey)
            #expect(unknown.status == 404)
            #expect(unknown.body["rc"] == "StyleNotFound")
            let wrongKind = await stack.call(
                .POST, "/api/v2/generate/text/async", json: #"{"prompt": "x", "style": "\#(styleId)"}"#, apiKey: user.apiKey)
            #expect(wrongKind.status == 400)
            #expect(wrongKind.body["rc"] == "BadRequest")

            let collection = try #require(
                await stack.call(.POST, "/api/v2/collections", json: #"{"name": "one", "styles": ["\#(styleId)"]}"#, apiKey: owner.apiKey)
                    .body["id"]?.stringValue)
            let viaCollection = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "a field", "style": "\#(collection)"}"#, apiKey: user.apiKey)
            #expect(viaCollection.status == 202)
            #expect(await stack.call(.GET, "/api/v2/collections/\(collection)").body["use_count"] == 1)
        }
    }

    @Test func templatesPlaceThePromptAndTheNegativePrompt() {
        #expect(StyleApplication.prompt("a cat###dogs", template: "{p}, oil###{np}, blur") == "a cat, oil###dogs, blur")
        #expect(StyleApplication.prompt("a cat###dogs", template: "{p} painting{np}") == "a cat painting###dogs")
        #expect(StyleApplication.prompt("a cat", template: "{p}{np}") == "a cat")
    }
}
