import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Accounts: users", .enabled(if: integrationEnabled), .serialized)
struct AccountsUsersIntegrationTests {
    @Test func listPagesUsersByKudosOrAge() async throws {
        try await GatewayStack.with { stack in
            let poor = try await stack.createUser("poor")
            let rich = try await stack.createUser("rich")
            try await stack.pool.execute(
                "INSERT INTO ledger.balances (account, balance) VALUES (\("user:\(rich.id)"), 900), (\("user:\(poor.id)"), 5)")
            let byKudos = await stack.send(.GET, "/api/v2/users")
            #expect(byKudos.status == 200)
            #expect(byKudos.body.arrayValue?.first?["username"]?.stringValue == "rich#\(rich.id)")
            #expect(byKudos.body.arrayValue?.first?["kudos"] == 900)
            #expect(byKudos.body.arrayValue?.first?["contact"] == nil, "the list shows public fields only")
            let byAge = await stack.send(.GET, "/api/v2/users?sort=age")
            #expect(byAge.body.arrayValue?.map { $0["id"]?.intValue } == [0, poor.id, rich.id])
            #expect(await stack.send(.GET, "/api/v2/users?page=2").body.arrayValue?.isEmpty == true)
            let bad = await stack.send(.GET, "/api/v2/users?sort=name")
            expectError(bad, .validationError)
            #expect(bad.body["errors"]?["sort"] != nil)
        }
    }

    @Test func privilegedFieldsGoToTheUserAndModeratorsOnly() async throws {
        try await GatewayStack.with { stack in
            let jane = try await stack.createUser("jane")
            let stranger = try await stack.createUser("stranger")
            let moderator = try await stack.createUser("mod", moderator: true)
            try await stack.pool.execute("UPDATE gateway.users SET contact = 'jane@example.com' WHERE id = \(jane.id)")
            let path = "/api/v2/users/\(jane.id)"
            #expect(await stack.send(.GET, path).body["contact"] == nil)
            #expect(await stack.send(.GET, path, apiKey: stranger.apiKey).body["contact"] == nil)
            #expect(await stack.send(.GET, path, apiKey: jane.apiKey).body["contact"] == "jane@example.com")
            let seenByMod = await stack.send(.GET, path, apiKey: moderator.apiKey)
            #expect(seenByMod.body["contact"] == "jane@example.com")
            #expect(seenByMod.body["sharedkey_ids"]?.arrayValue?.isEmpty == true)

            let waiting = try await stack.insertRequest(userId: jane.id)
            let finished = try await stack.insertRequest(kind: .text, userId: jane.id)
            try await stack.insertSchedulerRequest(finished, kind: .text, state: "done", n: 1, waiting: 0)
            let active = await stack.send(.GET, path, apiKey: jane.apiKey).body["active_generations"]
            #expect(active?["image"] == [.string(waiting.apiString)])
            #expect(active?["text"] == [], "finished requests are not active")
            expectError(await stack.send(.GET, path, apiKey: "wrong-key"), .invalidAPIKey)
            expectError(await stack.send(.GET, "/api/v2/users/12x"), .userNotFound)
        }
    }

    @Test func fieldsFollowTheirPermissions() async throws {
        try await GatewayStack.with({ $0.admins = [1] }) { stack in
            let admin = try await stack.createUser("admin", moderator: true)
            #expect(admin.id == 1)
            let moderator = try await stack.createUser("moderator", moderator: true)
            let jane = try await stack.createUser("jane")
            let other = try await stack.createUser("other")
            let path = "/api/v2/users/\(jane.id)"

            // Admin-only fields.
            expectError(await stack.send(.PUT, path, json: #"{"usage_multiplier": 2}"#, apiKey: moderator.apiKey), .notAdmin)
            expectError(await stack.send(.PUT, path, json: #"{"moderator": true}"#, apiKey: jane.apiKey), .notAdmin)
            let promoted = await stack.send(.PUT, path, json: #"{"moderator": true, "monthly_kudos": 100}"#, apiKey: admin.apiKey)
            #expect(promoted.status == 200)
            #expect(promoted.body["moderator"] == true)
            #expect(promoted.body["trusted"] == true, "moderators are trusted")
            #expect(promoted.body["monthly_kudos"] == 100)
            #expect(await stack.send(.GET, path).body["trusted"] == true, "the cached key now sees the new roles")

            // Moderator fields.
            let otherPath = "/api/v2/users/\(other.id)"
            expectError(await stack.send(.PUT, otherPath, json: #"{"concurrency": 10}"#, apiKey: other.apiKey), .notModerator)
            let education = await stack.send(.PUT, otherPath, json: #"{"education": true, "customizer": true}"#, apiKey: moderator.apiKey)
            #expect(education.status == 200)
            #expect(await stack.send(.GET, otherPath).body["concurrency"] == 200, "education raises concurrency")
            #expect(await stack.send(.GET, otherPath).body["customizer"] == true)
            _ = await stack.send(.PUT, otherPath, json: #"{"education": false}"#, apiKey: moderator.apiKey)
            #expect(await stack.send(.GET, otherPath).body["concurrency"] == 30)

            // Self-or-moderator fields.
            let renamed = await stack.send(.PUT, otherPath, json: #"{"username": "Other <b>Name</b>", "public_workers": true}"#, apiKey: other.apiKey)
            #expect(renamed.status == 200)
            #expect(renamed.body["username"]?.stringValue == "Other Name#\(other.id)")
            expectError(await stack.send(.PUT, path, json: #"{"contact": "someone@x.org"}"#, apiKey: other.apiKey), .notModerator)
            expectError(await stack.send(.PUT, otherPath, json: #"{"username": "\#(String(repeating: "n", count: 31))"}"#, apiKey: other.apiKey), .tooLongUserName)
            expectError(await stack.send(.PUT, otherPath, json: #"{"username": "big shit"}"#, apiKey: other.apiKey), .profaneUserName)
            expectError(await stack.send(.PUT, otherPath, json: #"{"contact": "fuck you"}"#, apiKey: other.apiKey), .profaneUserContact)
            expectError(await stack.send(.PUT, otherPath, json: #"{"admin_comment": "a total bastard"}"#, apiKey: moderator.apiKey), .profaneAdminComment)
            #expect(await stack.send(.PUT, otherPath, json: #"{"admin_comment": "watch the uploads"}"#, apiKey: moderator.apiKey).status == 200)
            #expect(await stack.send(.GET, otherPath, apiKey: moderator.apiKey).body["admin_comment"] == "watch the uploads")
            #expect(await stack.send(.GET, otherPath, apiKey: other.apiKey).body["admin_comment"] == nil, "moderators only")
            expectError(await stack.send(.PUT, otherPath, json: "{}", apiKey: other.apiKey), .noUserModSelected)
            expectError(await stack.send(.PUT, otherPath, json: #"{"undelete": true}"#, apiKey: other.apiKey), .userNotDeleted)
            expectError(await stack.send(.PUT, otherPath, json: #"{"generate_proxy_passkey": true}"#, apiKey: other.apiKey), .nonServiceForbidden)
            expectError(await stack.send(.PUT, "/api/v2/users/0", json: #"{"public_workers": true}"#, apiKey: moderator.apiKey), .anonForbiddenUserMod)
            expectError(await stack.send(.PUT, "/api/v2/users/9999", json: #"{"public_workers": true}"#, apiKey: moderator.apiKey), .userNotFound)
            let schema = await stack.send(.PUT, otherPath, json: #"{"concurrency": 501, "usage_multiplier": 0}"#, apiKey: moderator.apiKey)
            expectError(schema, .validationError)
            #expect(schema.body["errors"]?["concurrency"] != nil)
            #expect(schema.body["errors"]?["usage_multiplier"] != nil)

            // A refused field leaves every other field of the same request unapplied.
            expectError(await stack.send(.PUT, otherPath, json: #"{"public_workers": false, "trusted": true}"#, apiKey: other.apiKey), .notModerator)
            let publicWorkers = try await stack.pool.query("SELECT public_workers FROM gateway.users WHERE id = \(other.id)")
            #expect(publicWorkers.first?["public_workers"].bool == true)
        }
    }

    @Test func adminKudosChangesGoToTheLedger() async throws {
        try await GatewayStack.with({ $0.admins = [1] }) { stack in
            let admin = try await stack.createUser("admin")
            let jane = try await stack.createUser("jane")
            try await stack.pool.execute("INSERT INTO ledger.balances (account, balance) VALUES (\("user:\(jane.id)"), 40)")
            let reader = try TopicReader<LedgerCommand>(Topics.ledgerCommands, kafka: stack.kafka, logger: stack.logger)
            let changed = await stack.send(.PUT, "/api/v2/users/\(jane.id)", json: #"{"kudos": 250.5}"#, apiKey: admin.apiKey)
            #expect(changed.status == 200)
            #expect(changed.body["new_kudos"] == 290.5)
            let envelope = try #require(await reader.first {
                if case .adjust(let adjustment) = $0.payload { return adjustment.account == .user(jane.id) }
                return false
            })
            await reader.close()
            guard case .adjust(let adjustment) = envelope.payload else { return }
            #expect(adjustment.amount == 250.5)
        }
    }

    @Test func serviceAccountsProxyClientAddresses() async throws {
        try await GatewayStack.with { stack in
            let moderator = try await stack.createUser("moderator", moderator: true)
            let service = try await stack.createUser("bridge")
            let path = "/api/v2/users/\(service.id)"
            let made = await stack.send(.PUT, path, json: #"{"service": true, "generate_proxy_passkey": true}"#, apiKey: moderator.apiKey)
            #expect(made.status == 200)
            let passkey = try #require(made.body["proxy_passkey"]?.stringValue)
            #expect(passkey.count == 16)
            let stored = try await stack.pool.query("SELECT proxy_passkey_hash FROM gateway.users WHERE id = \(service.id)")
            #expect(stored.first?["proxy_passkey_hash"].string != passkey, "only the hash is stored")

            let auth = stack.context.authenticator
            func request(_ passkey: String) -> HTTPRequest {
                var headers = HTTPHeaders()
                headers.add("Proxied-For", "203.0.113.7, 10.0.0.1")
                headers.add("Proxy-Authorization", passkey)
                return HTTPRequest(target: "/", headers: headers, remoteAddress: "192.0.2.1")
            }
            #expect(try await auth.clientAddress(request(passkey)) == "203.0.113.7")
            #expect(try await auth.clientAddress(request("not-the-passkey!")) == "192.0.2.1")
            #expect(try await auth.clientAddress(HTTPRequest(target: "/", remoteAddress: "192.0.2.1")) == "192.0.2.1")
        }
    }

    @Test func deletionMarksThenWipesIdleAccounts() async throws {
        try await GatewayStack.with { stack in
            let moderator = try await stack.createUser("moderator", moderator: true)
            let jane = try await stack.createUser("jane")
            let other = try await stack.createUser("other")
            let path = "/api/v2/users/\(jane.id)"
            expectError(await stack.send(.DELETE, path, apiKey: "0000000000"), .anonForbiddenUser)
            expectError(await stack.send(.DELETE, path, apiKey: other.apiKey), .notUserOrMod)
            expectError(await stack.send(.DELETE, "/api/v2/users/\(moderator.id)", apiKey: moderator.apiKey), .cannotDeleteMod)
            expectError(await stack.send(.DELETE, "/api/v2/users/424242", apiKey: moderator.apiKey), .userNotFound)

            let marked = await stack.send(.DELETE, path, apiKey: jane.apiKey)
            #expect(marked.status == 200)
            #expect(await stack.send(.GET, path).body["deleted"] == true)
            let refused = await stack.send(
                .POST, "/api/v2/generate/text/async", json: #"{"prompt": "hello"}"#, apiKey: jane.apiKey)
            expectError(refused, .deletedUser)
            expectError(await stack.send(.DELETE, path, apiKey: moderator.apiKey), .cannotWipeActiveUser)

            // Undelete, delete again, then wipe once idle for 30 days.
            #expect(await stack.send(.PUT, path, json: #"{"undelete": true}"#, apiKey: jane.apiKey).body["undeleted"] == true)
            #expect(await stack.send(.DELETE, path, apiKey: jane.apiKey).status == 200)
            try await stack.insertWorker("jane-worker", ownerId: jane.id)
            try await stack.pool.execute(
                "UPDATE gateway.users SET last_active = now() - interval '31 days' WHERE id = \(jane.id)")
            #expect(await stack.send(.DELETE, path, apiKey: moderator.apiKey).status == 200)
            expectError(await stack.send(.GET, path), .userNotFound)
            expectError(await stack.send(.GET, "/api/v2/find_user", apiKey: jane.apiKey), .userNotFound)
            #expect(try await stack.count("gateway.workers") == 0)

            // Users can wipe themselves too: asking does not count as activity.
            let selfPath = "/api/v2/users/\(other.id)"
            #expect(await stack.send(.DELETE, selfPath, apiKey: other.apiKey).status == 200)
            try await stack.pool.execute(
                "UPDATE gateway.users SET last_active = now() - interval '31 days' WHERE id = \(other.id)")
            #expect(await stack.send(.DELETE, selfPath, apiKey: other.apiKey).status == 200)
            expectError(await stack.send(.GET, selfPath), .userNotFound)
        }
    }

    @Test func clientAgentAndActivityAreRecorded() async throws {
        try await GatewayStack.with { stack in
            let jane = try await stack.createUser("jane")
            _ = await stack.send(
                .GET, "/api/v2/find_user", apiKey: jane.apiKey, headers: [("Client-Agent", "my-app:1.2:me@x.org")])
            _ = await stack.send(.PUT, "/api/v2/users/\(jane.id)", json: #"{"public_workers": true}"#,
                apiKey: jane.apiKey, headers: [("Client-Agent", "my-app:1.2:me@x.org")])
            let rows = try await stack.pool.query("SELECT client_agent FROM gateway.users WHERE id = \(jane.id)")
            #expect(rows.first?["client_agent"].string == "my-app:1.2:me@x.org")
        }
    }
}
