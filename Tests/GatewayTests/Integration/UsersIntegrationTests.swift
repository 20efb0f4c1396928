import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Users, the operator command and the live server", .enabled(if: integrationEnabled), .serialized)
struct UsersIntegrationTests {
    @Test func usersShowTheirLedgerKudos() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("jane", moderator: true)
            try await stack.pool.execute("INSERT INTO ledger.balances (account, balance) VALUES (\("user:\(user.id)"), 42.25)")
            let (status, body) = await stack.call(.GET, "/api/v2/users/\(user.id)")
            #expect(status == 200)
            #expect(body["username"]?.stringValue == "jane#\(user.id)")
            #expect(body["kudos"] == 42.25)
            #expect(body["moderator"] == true)
            #expect(body["trusted"] == true, "moderators are trusted")
            #expect(body["flagged"] == nil, "privileged fields are hidden from strangers")

            let (found, foundBody) = await stack.call(.GET, "/api/v2/find_user", apiKey: user.apiKey)
            #expect(found == 200)
            #expect(foundBody["id"]?.intValue == user.id)
            #expect(foundBody["flagged"] == false)

            #expect(await stack.call(.GET, "/api/v2/find_user", apiKey: "0000000000").body["username"] == "Anonymous#0")
            #expect(await stack.call(.GET, "/api/v2/find_user", apiKey: "wrong").body["rc"] == "UserNotFound")
            #expect(await stack.call(.GET, "/api/v2/users/abc").body["rc"] == "UserNotFound")
            #expect(await stack.call(.GET, "/api/v2/users/999999").status == 404)
            #expect(await stack.call(.GET, "/api/v2/users/\(user.id)", apiKey: "wrong").status == 401)
        }
    }

    @Test func userCreationGrantsInitialKudosThroughTheLedger() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<LedgerCommand>(Topics.ledgerCommands, kafka: stack.kafka, logger: stack.logger)
            let creation = UserCreation(
                pool: stack.pool, hasher: APIKeyHasher(salt: stack.context.config.apiKeySalt),
                publisher: stack.context.publisher)
            let created = try await creation.create(.init(username: "kim", kudos: 500))
            #expect(created.apiKey.count == 22)
            #expect(try await stack.context.authenticator.lookup(apiKey: created.apiKey)?.id == created.id)
            let envelope = try #require(await reader.first {
                if case .adjust(let adjustment) = $0.payload { return adjustment.account == .user(created.id) }
                return false
            })
            await reader.close()
            guard case .adjust(let adjustment) = envelope.payload else { return }
            #expect(adjustment.amount == 500)
            await expectHordeError(.tooLongUserName) {
                _ = try await creation.create(.init(username: String(repeating: "x", count: 31)))
            }
        }
    }

    @Test func theAPIPortServesTheAPIAndTheAdminRoutes() async throws {
        try await GatewayStack.with { stack in
            var config = HTTPServerConfig()
            config.port = 0
            config.maxBodyBytes = 4096
            let server = HTTPServer(config: config, logger: stack.logger, handler: stack.handler)
            let port = try await server.start()
            let serving = Task { try await server.run() }
            defer { serving.cancel() }
            let base = "http://127.0.0.1:\(port)"
            let client = HTTPClient()
            let heartbeat = try await client.send(.GET, base + "/api/v2/status/heartbeat")
            #expect(heartbeat.status == 200)
            #expect(try jsonTree(heartbeat.body)["message"] == "OK")
            #expect(heartbeat.headers["Access-Control-Allow-Origin"] == "*")
            #expect(heartbeat.headers["Horde-Node"] == stack.context.instanceId)
            #expect(try await client.send(.GET, base + "/healthz").status == 200)
            #expect(try await client.send(.GET, base + "/readyz").status == 200)
            let metrics = try await client.send(.GET, base + "/metrics")
            #expect(String(decoding: metrics.body, as: UTF8.self).contains("horde_"))
            let missing = try await client.send(.GET, base + "/api/v2/nope")
            #expect(missing.status == 404)
            #expect(try jsonTree(missing.body)["rc"] == "NotFound")
            let preflight = try await client.send(.OPTIONS, base + "/api/v2/generate/async")
            #expect(preflight.status == 200)
            #expect(preflight.headers["Access-Control-Allow-Headers"]?.contains("apikey") == true)
            let oversize = try await client.send(
                .POST, base + "/api/v2/generate/async", body: [UInt8](repeating: 0x20, count: 8192))
            #expect(oversize.status == 413)
            #expect(try jsonTree(oversize.body)["rc"] == "PayloadTooLarge")
            await server.shutdown()
        }
    }
}
