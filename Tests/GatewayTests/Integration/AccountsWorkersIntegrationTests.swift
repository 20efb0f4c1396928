import Foundation
import HTTP
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Accounts: workers, worker messages and teams", .enabled(if: integrationEnabled), .serialized)
struct AccountsWorkersIntegrationTests {
    @Test func listShowsOnlineWorkersWithFilters() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let moderator = try await stack.createUser("moderator", moderator: true)
            try await stack.insertWorker("painter-one", ownerId: owner.id)
            try await stack.insertWorker("writer-one", ownerId: owner.id, kind: "text", models: ["llama"])
            try await stack.insertWorker("sleeper-one", ownerId: owner.id, online: false)

            let all = await stack.send(.GET, "/api/v2/workers")
            #expect(all.status == 200)
            #expect(all.body.arrayValue?.compactMap { $0["name"]?.stringValue } == ["painter-one", "writer-one"])
            #expect(all.body.arrayValue?.first?["ipaddr"] == nil, "strangers do not see the IP")
            let text = await stack.send(.GET, "/api/v2/workers?type=text")
            #expect(text.body.arrayValue?.compactMap { $0["name"]?.stringValue } == ["writer-one"])
            #expect(text.body.arrayValue?.first?["max_length"] == 512)
            let named = await stack.send(.GET, "/api/v2/workers?name=painter-one", apiKey: moderator.apiKey)
            #expect(named.body.arrayValue?.count == 1)
            #expect(named.body.arrayValue?.first?["ipaddr"] == "10.0.0.9", "moderators see privileged fields")
            try await stack.pool.execute("UPDATE gateway.users SET contact = 'owner@example.com' WHERE id = \(owner.id)")
            #expect(await stack.send(.GET, "/api/v2/workers?name=painter-one", apiKey: moderator.apiKey)
                .body.arrayValue?.first?["contact"] == "owner@example.com")
            #expect(await stack.send(.GET, "/api/v2/workers?name=painter-one", apiKey: owner.apiKey)
                .body.arrayValue?.first?["contact"] == nil, "the owner's contact is for moderators")
            expectError(await stack.send(.GET, "/api/v2/workers?type=video"), .validationError)

            let offline = await stack.send(.GET, "/api/v2/workers/name/sleeper-one")
            #expect(offline.status == 200)
            #expect(offline.body["online"] == false)
            expectError(await stack.send(.GET, "/api/v2/workers/name/nobody"), .workerNotFound)
            expectError(await stack.send(.GET, "/api/v2/workers/not-a-uuid"), .workerNotFound)
        }
    }

    @Test func ownersAndModeratorsModifyWorkers() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner", trusted: true)
            let stranger = try await stack.createUser("stranger")
            let moderator = try await stack.createUser("moderator", moderator: true)
            let id = try await stack.insertWorker("painter-one", ownerId: owner.id)
            try await stack.insertWorker("painter-two", ownerId: owner.id)
            let path = "/api/v2/workers/\(id.apiString)"

            let maintenance = await stack.send(
                .PUT, path, json: #"{"maintenance": true, "maintenance_msg": "upgrading", "info": "A fast one"}"#,
                apiKey: owner.apiKey)
            #expect(maintenance.status == 200)
            #expect(maintenance.body["maintenance"] == true)
            // The pop path reads the flags from the worker's row.
            let row = try await stack.pool.query(
                "SELECT maintenance, maintenance_msg, paused, info FROM gateway.workers WHERE id = \(id)")
            #expect(row.first?["maintenance"].bool == true)
            #expect(row.first?["maintenance_msg"].string == "upgrading")
            #expect(await stack.send(.GET, path).body["maintenance_mode"] == true)

            expectError(await stack.send(.PUT, path, json: #"{"paused": true}"#, apiKey: owner.apiKey), .notModerator)
            expectError(await stack.send(.PUT, path, json: #"{"maintenance": false}"#, apiKey: stranger.apiKey), .notModerator)
            expectError(await stack.send(.PUT, path, json: #"{"maintenance": false}"#, apiKey: "0000000000"), .anonForbiddenWorker)
            #expect(await stack.send(.PUT, path, json: #"{"paused": true}"#, apiKey: moderator.apiKey).body["paused"] == true)
            #expect(try await stack.pool.query("SELECT paused FROM gateway.workers WHERE id = \(id)").first?["paused"].bool == true)
            #expect(await stack.send(.GET, path, apiKey: owner.apiKey).body["paused"] == true)

            expectError(await stack.send(.PUT, path, json: #"{"name": "painter-two"}"#, apiKey: owner.apiKey), .workerNameAlreadyExists)
            expectError(await stack.send(.PUT, path, json: #"{"name": "\#(String(repeating: "w", count: 101))"}"#, apiKey: owner.apiKey), .tooLongWorkerName)
            expectError(await stack.send(.PUT, path, json: #"{"name": "shit worker"}"#, apiKey: owner.apiKey), .profaneWorkerName)
            expectError(await stack.send(.PUT, path, json: #"{"info": "fucking fast"}"#, apiKey: owner.apiKey), .profaneWorkerInfo)
            expectError(await stack.send(.PUT, path, json: "{}", apiKey: owner.apiKey), .noWorkerModSelected)
            expectError(await stack.send(.PUT, path, json: #"{"team": "\#(UUID().uuidString)"}"#, apiKey: owner.apiKey), .teamNotFound)
            expectError(await stack.send(.PUT, "/api/v2/workers/\(UUID().uuidString)", json: #"{"maintenance": true}"#, apiKey: owner.apiKey), .workerNotFound)
            let auth = stack.context.authenticator
            let ownerUser = try #require(try await auth.lookup(apiKey: owner.apiKey))
            let moderatorUser = try #require(try await auth.lookup(apiKey: moderator.apiKey))
            try await auth.requireWorkerOwner(ownerUser, workerId: id)
            try await auth.requireWorkerOwner(moderatorUser, workerId: id, allowModerators: true)
            await expectHordeError(.wrongCredentials) { try await auth.requireWorkerOwner(moderatorUser, workerId: id) }
            await expectHordeError(.workerNotFound) { try await auth.requireWorkerOwner(ownerUser, workerId: UUID()) }

            let renamed = await stack.send(.PUT, path, json: #"{"name": "painter-renamed"}"#, apiKey: owner.apiKey)
            #expect(renamed.body["name"] == "painter-renamed")
            #expect(await stack.send(.GET, "/api/v2/workers/name/painter-renamed").body["id"]?.stringValue == id.apiString)
        }
    }

    @Test func deletionIsRefusedWhileJobsAreInFlight() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let stranger = try await stack.createUser("stranger")
            let id = try await stack.insertWorker("painter-one", ownerId: owner.id)
            let path = "/api/v2/workers/\(id.apiString)"
            let request = try await stack.insertRequest(userId: owner.id)
            let job = try await stack.insertJob(request: request, ownerId: owner.id, workerId: id)
            expectError(await stack.send(.DELETE, path, apiKey: stranger.apiKey), .notModerator)
            expectError(await stack.send(.DELETE, path, apiKey: owner.apiKey), .locked)
            try await stack.pool.execute("UPDATE scheduler.jobs SET state = 'done' WHERE id = \(job)")
            let deleted = await stack.send(.DELETE, path, apiKey: owner.apiKey)
            #expect(deleted.status == 200)
            #expect(deleted.body["deleted_id"]?.stringValue == id.apiString)
            #expect(deleted.body["deleted_name"] == "painter-one")
            expectError(await stack.send(.GET, path), .workerNotFound)
        }
    }

    @Test func messagesReachOwnWorkersOnly() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let stranger = try await stack.createUser("stranger")
            let moderator = try await stack.createUser("moderator", moderator: true)
            let id = try await stack.insertWorker("painter-one", ownerId: owner.id)
            let body = #"{"worker_id": "\#(id.apiString)", "message": "Please update", "origin": "ops", "expiry": 24}"#

            let created = await stack.send(.POST, "/api/v2/workers/messages", json: body, apiKey: owner.apiKey)
            #expect(created.status == 200)
            let messageId = try #require(created.body["id"]?.stringValue)
            #expect(created.body["expiry"] == 24)
            expectError(await stack.send(.POST, "/api/v2/workers/messages", json: body, apiKey: stranger.apiKey), .messagesOnlyOwnWorkers)
            expectError(await stack.send(.POST, "/api/v2/workers/messages", json: #"{"message": "to all"}"#, apiKey: owner.apiKey), .messagesOnlyOwnWorkers)
            expectError(await stack.send(.POST, "/api/v2/workers/messages", json: #"{"message": "x", "expiry": 721}"#, apiKey: moderator.apiKey), .validationError)
            expectError(await stack.send(.POST, "/api/v2/workers/messages", json: #"{"message": "x"}"#, apiKey: "0000000000"), .anonForbidden)
            let broadcast = await stack.send(.POST, "/api/v2/workers/messages", json: #"{"message": "to all"}"#, apiKey: moderator.apiKey)
            #expect(broadcast.body["expiry"] == 12, "parser default: 12 hours")

            let mine = await stack.send(.GET, "/api/v2/workers/messages", apiKey: owner.apiKey)
            #expect(mine.body.arrayValue?.count == 2, "own worker's message and the broadcast")
            let theirs = await stack.send(.GET, "/api/v2/workers/messages", apiKey: stranger.apiKey)
            #expect(theirs.body.arrayValue?.count == 1, "only the broadcast")
            expectError(await stack.send(.GET, "/api/v2/workers/messages?user_id=\(owner.id)", apiKey: stranger.apiKey), .notModerator)
            #expect(await stack.send(.GET, "/api/v2/workers/messages?validity=expired", apiKey: moderator.apiKey).body.arrayValue?.isEmpty == true)
            #expect(await stack.send(.GET, "/api/v2/workers/\(id.apiString)", apiKey: owner.apiKey).body["messages"]?.arrayValue?.count == 2)

            #expect(await stack.send(.GET, "/api/v2/workers/messages/\(messageId)").body["message"] == "Please update")
            expectError(await stack.send(.GET, "/api/v2/workers/messages/\(UUID().uuidString)"), .workermessageNotFound)
            expectError(await stack.send(.DELETE, "/api/v2/workers/messages/\(messageId)", apiKey: stranger.apiKey), .notOwner)
            #expect(await stack.send(.DELETE, "/api/v2/workers/messages/\(messageId)", apiKey: owner.apiKey).body["message"] == "OK")
            expectError(await stack.send(.GET, "/api/v2/workers/messages/\(messageId)"), .workermessageNotFound)
        }
    }

    @Test func trustedUsersRunTeams() async throws {
        try await GatewayStack.with { stack in
            let leader = try await stack.createUser("leader", trusted: true)
            let untrusted = try await stack.createUser("untrusted")
            let moderator = try await stack.createUser("moderator", moderator: true)
            let worker = try await stack.insertWorker("painter-one", ownerId: leader.id)

            expectError(await stack.send(.POST, "/api/v2/teams", json: #"{"name": "Nope"}"#, apiKey: untrusted.apiKey), .untrustedTeamCreation)
            expectError(await stack.send(.POST, "/api/v2/teams", json: #"{"info": "no name"}"#, apiKey: leader.apiKey), .validationError)
            let created = await stack.send(.POST, "/api/v2/teams", json: #"{"name": "Night Owls", "info": "We paint at night"}"#, apiKey: leader.apiKey)
            #expect(created.status == 200)
            let teamId = try #require(created.body["id"]?.stringValue)
            expectError(await stack.send(.POST, "/api/v2/teams", json: #"{"name": "night owls"}"#, apiKey: moderator.apiKey), .teamNameAlreadyExists)
            expectError(await stack.send(.POST, "/api/v2/teams", json: #"{"name": "Shit Team"}"#, apiKey: leader.apiKey), .profaneTeamName)

            #expect(await stack.send(.PUT, "/api/v2/workers/\(worker.apiString)", json: #"{"team": "\#(teamId)"}"#, apiKey: leader.apiKey).body["team"] == "Night Owls")
            let team = await stack.send(.GET, "/api/v2/teams/\(teamId)")
            #expect(team.body["worker_count"] == 1)
            #expect(team.body["creator"]?.stringValue == "leader#\(leader.id)")
            #expect(team.body["models"]?.arrayValue?.first?["name"] == "stable_diffusion")
            expectError(await stack.send(.GET, "/api/v2/teams/\(teamId)", apiKey: untrusted.apiKey), .notModerator)
            #expect(await stack.send(.GET, "/api/v2/teams/\(teamId)", apiKey: moderator.apiKey).status == 200)
            #expect(await stack.send(.GET, "/api/v2/teams").body.arrayValue?.count == 1)
            expectError(await stack.send(.GET, "/api/v2/teams/\(UUID().uuidString)"), .teamNotFound)

            expectError(await stack.send(.PATCH, "/api/v2/teams/\(teamId)", json: "{}", apiKey: leader.apiKey), .noTeamModSelected)
            expectError(await stack.send(.PATCH, "/api/v2/teams/\(teamId)", json: #"{"info": "ours now"}"#, apiKey: untrusted.apiKey), .notModerator)
            #expect(await stack.send(.PATCH, "/api/v2/teams/\(teamId)", json: #"{"name": "Early Birds"}"#, apiKey: moderator.apiKey).body["name"] == "Early Birds")

            expectError(await stack.send(.DELETE, "/api/v2/teams/\(teamId)", apiKey: untrusted.apiKey), .notModerator)
            let deleted = await stack.send(.DELETE, "/api/v2/teams/\(teamId)", apiKey: leader.apiKey)
            #expect(deleted.body["deleted_name"] == "Early Birds")
            let detached = try await stack.pool.query("SELECT team_id FROM gateway.workers WHERE id = \(worker)")
            #expect(detached.first?["team_id"].isNull == true, "the team's workers are detached")
        }
    }
}
