import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("IP operations against Postgres", .enabled(if: integrationEnabled), .serialized)
struct OperationsIntegrationTests {
    @Test func cidrTimeoutsBlockGenerationAndPopsUntilLifted() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let inside = ModerationClient(stack, address: "192.0.2.77")
            let outside = ModerationClient(stack, address: "192.0.3.1")
            let mod = try await stack.createUser("mod", moderator: true)
            let user = try await stack.createUser("u")

            #expect(await inside.send(.GET, "/api/v2/operations/ipaddr", apiKey: user.apiKey).rc == "NotModerator")
            let bad = await inside.send(.POST, "/api/v2/operations/ipaddr", json: #"{"ipaddr": "300.1.1.1/8", "hours": 1}"#, apiKey: mod.apiKey)
            #expect(bad.rc == "BadRequest")
            let tooLong = await inside.send(.POST, "/api/v2/operations/ipaddr", json: #"{"ipaddr": "192.0.2.0/24", "hours": 721}"#, apiKey: mod.apiKey)
            #expect(tooLong.rc == "ValidationError")

            let added = await inside.send(.POST, "/api/v2/operations/ipaddr", json: #"{"ipaddr": "192.0.2.5/24", "hours": 2}"#, apiKey: mod.apiKey)
            #expect(added.status == 200)
            #expect(added.body["message"]?.stringValue == "OK")
            let list = await inside.send(.GET, "/api/v2/operations/ipaddr", apiKey: mod.apiKey)
            #expect(list.body.arrayValue?.first?["ipaddr"]?.stringValue == "192.0.2.0/24")
            #expect((list.body.arrayValue?.first?["seconds"]?.intValue ?? 0) > 7000)

            let async = await inside.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat"}"#, apiKey: user.apiKey)
            #expect(async.status == 403)
            #expect(async.rc == "TimeoutIP")
            let pop = await inside.send(.POST, "/api/v2/generate/pop", json: #"{"name": "w"}"#, apiKey: user.apiKey)
            #expect(pop.rc == "TimeoutIP")
            let elsewhere = await outside.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat", "dry_run": true}"#, apiKey: user.apiKey)
            #expect(elsewhere.status == 200)

            let matching = await inside.send(.GET, "/api/v2/operations/ipaddr/192.0.2.200", apiKey: mod.apiKey)
            #expect(matching.body.arrayValue?.count == 1)
            #expect(await inside.send(.GET, "/api/v2/operations/ipaddr/192.0.9.1", apiKey: mod.apiKey).body.arrayValue?.count == 0)

            #expect(await inside.send(.DELETE, "/api/v2/operations/ipaddr", json: #"{"ipaddr": "192.0.2.0/24"}"#, apiKey: mod.apiKey).status == 200)
            let after = await inside.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "a cat", "dry_run": true}"#, apiKey: user.apiKey)
            #expect(after.status == 200)
        }
    }

    @Test func aWorkersIPCanBeBlockedForDays() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let mod = try await stack.createUser("mod", moderator: true)
            let owner = try await stack.createUser("owner")
            let workerId = UUID()
            try await stack.pool.execute(
                """
                INSERT INTO gateway.workers (id, name, owner_id, kind, ipaddr)
                VALUES (\(workerId), 'blocked-worker', \(owner.id), 'image', '2001:db8:5:6::10')
                """)
            let worker = ModerationClient(stack, address: "2001:db8:5:6::99")
            let client = ModerationClient(stack)
            let path = "/api/v2/operations/block_worker_ipaddr/\(workerId.uuidString.lowercased())"
            #expect(await client.send(.PUT, path, json: #"{"days": 31}"#, apiKey: mod.apiKey).rc == "ValidationError")
            #expect(await client.send(.PUT, "/api/v2/operations/block_worker_ipaddr/\(UUID())", json: #"{"days": 1}"#, apiKey: mod.apiKey).rc == "WorkerNotFound")
            #expect(await client.send(.PUT, path, json: #"{"days": 3}"#, apiKey: mod.apiKey).status == 200)

            let list = await client.send(.GET, "/api/v2/operations/ipaddr", apiKey: mod.apiKey)
            #expect(list.body.arrayValue?.first?["ipaddr"]?.stringValue == "2001:db8:5:6:0:0:0:0/64")
            let pop = await worker.send(.POST, "/api/v2/generate/pop", json: #"{"name": "blocked-worker"}"#, apiKey: owner.apiKey)
            #expect(pop.status == 403)
            #expect(pop.rc == "TimeoutIP")

            #expect(await client.send(.DELETE, path, apiKey: mod.apiKey).status == 200)
            #expect(try await stack.count("gateway.ip_timeouts") == 0)
        }
    }
}
