import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Horde modes", .enabled(if: integrationEnabled), .serialized)
struct ModesIntegrationTests {
    @Test func modesAreSetByTheirRolesAndTakeEffect() async throws {
        // Each stack has a fresh database, so its first user gets id 1.
        try await GatewayStack.with({ $0.moderation.admins = [1] }) { stack in
            let adminUser = try await stack.createUser("admin")
            #expect(adminUser.id == 1)
            let mod = try await stack.createUser("mod", moderator: true)
            let user = try await stack.createUser("user")
            let client = ModerationClient(stack)

            let open = await client.send(.GET, "/api/v2/status/modes")
            #expect(open.body == ["maintenance_mode": false, "invite_only_mode": false])
            #expect(await client.send(.GET, "/api/v2/status/modes", apiKey: user.apiKey).rc == "NotModerator")
            #expect(await client.send(.GET, "/api/v2/status/modes", apiKey: mod.apiKey).body["raid_mode"] == false)

            #expect(await client.send(.PUT, "/api/v2/status/modes", json: "{}", apiKey: mod.apiKey).rc == "NoHordeModSelected")
            #expect(await client.send(.PUT, "/api/v2/status/modes", json: #"{"raid_mode": true}"#, apiKey: user.apiKey).rc == "NotModerator")
            #expect(await client.send(.PUT, "/api/v2/status/modes", json: #"{"maintenance_mode": true}"#, apiKey: mod.apiKey).rc == "NotAdmin")
            let raid = await client.send(.PUT, "/api/v2/status/modes", json: #"{"raid_mode": true}"#, apiKey: mod.apiKey)
            #expect(raid.body["raid_mode"] == true)
            let maintenance = await client.send(.PUT, "/api/v2/status/modes", json: #"{"maintenance_mode": true}"#, apiKey: adminUser.apiKey)
            #expect(maintenance.status == 200)
            #expect(maintenance.body["maintenance_mode"] == true)

            let refused = await client.send(.POST, "/api/v2/generate/text/async", json: #"{"prompt": "hi"}"#, apiKey: user.apiKey)
            #expect(refused.status == 400)
            #expect(refused.rc == "MaintenanceMode")
            #expect(await client.send(.GET, "/api/v2/status/heartbeat").status == 200)

            _ = await client.send(.PUT, "/api/v2/status/modes", json: #"{"maintenance_mode": false}"#, apiKey: adminUser.apiKey)
            let accepted = await client.send(.POST, "/api/v2/generate/text/async", json: #"{"prompt": "hi", "dry_run": true}"#, apiKey: user.apiKey)
            #expect(accepted.status == 200)
        }
    }

    @Test func anotherReplicaSeesAChangeWithinTheRefreshInterval() async throws {
        try await GatewayStack.with({ $0.moderation.refreshInterval = .milliseconds(100) }) { stack in
            let other = GatewayContext(
                config: stack.context.config, instanceId: "other", logger: stack.logger, pool: stack.pool,
                redis: stack.redis, publisher: stack.context.publisher)
            #expect(await other.moderation.state.current().modes.inviteOnly == false)
            _ = try await stack.context.moderation.store.setModes(maintenance: nil, inviteOnly: true, raid: nil)
            let seen = try await IntegrationWait.until { await other.moderation.state.current().modes.inviteOnly }
            #expect(seen)
        }
    }

    @Test func raidModeRefusesUntrustedAccountsOnSuspiciousIPs() async throws {
        try await GatewayStack.with({ $0.moderation.rateLimitsEnabled = false }) { stack in
            let user = try await stack.createUser("newcomer")
            let trusted = try await stack.createUser("veteran", trusted: true)
            let client = ModerationClient(stack, address: "198.51.100.77")
            let body = #"{"prompt": "a cat", "dry_run": true}"#
            let suspicion = stack.context.moderation.suspicion
            try await suspicion.recordCorruptPrompt(from: "198.51.100.77", isServiceIP: false)
            _ = try await stack.redis.delete([suspicion.timeoutKey("198.51.100.77")])
            #expect(await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey).status == 200)

            _ = try await stack.context.moderation.store.setModes(maintenance: nil, inviteOnly: nil, raid: true)
            await stack.context.moderation.state.refresh()
            let refused = await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey)
            #expect(refused.status == 403)
            #expect(refused.rc == "UntrustedUnsafeIP")
            #expect(await client.send(.POST, "/api/v2/generate/async", json: body, apiKey: trusted.apiKey).status == 200)
            let clean = ModerationClient(stack, address: "198.51.100.78")
            #expect(await clean.send(.POST, "/api/v2/generate/async", json: body, apiKey: user.apiKey).status == 200)
        }
    }

    @Test func inviteOnlyRefusesNewWorkersWithoutInvitation() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            _ = try await stack.context.moderation.store.setModes(maintenance: nil, inviteOnly: true, raid: nil)
            await stack.context.moderation.state.refresh()
            let client = ModerationClient(stack)
            let pop = await client.send(.POST, "/api/v2/generate/pop", json: #"{"name": "new-worker"}"#, apiKey: owner.apiKey)
            #expect(pop.status == 403)
            #expect(pop.rc == "WorkerInviteOnly")
        }
    }
}

/// Polls a condition with short sleeps.
enum IntegrationWait {
    static func until(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }
}
