import Foundation
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Generation requests end to end", .enabled(if: integrationEnabled), .serialized)
struct AsyncIntegrationTests {
    @Test func anImageRequestIsStoredAndQueuedOnKafka() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let user = try await stack.createUser("carol")
            try await stack.pool.execute(
                "INSERT INTO ledger.balances (account, balance) VALUES (\("user:\(user.id)"), 250.5)")
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/async",
                json: #"{"prompt": "a lighthouse", "params": {"n": 3, "steps": 20}, "models": ["stable_diffusion"], "webhook": "http://127.0.0.1:9/hook"}"#,
                apiKey: user.apiKey)
            #expect(status == 202)
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            #expect(body["kudos"] != nil)

            let row = try #require(try await stack.pool.query(
                "SELECT kind, user_id, n, webhook, params->>'prompt' AS prompt FROM gateway.requests WHERE id = \(id)"
            ).first)
            #expect(row["kind"].string == "image")
            #expect(row["user_id"].int == user.id)
            #expect(row["n"].int == 3)
            #expect(row["prompt"].string == "a lighthouse")
            #expect(row["webhook"].string == "http://127.0.0.1:9/hook")

            let envelope = try #require(await reader.first { $0.payload.requestId == id })
            await reader.close()
            #expect(envelope.id == id)
            guard case .created(let created) = envelope.payload else {
                Issue.record("expected request.created, got \(envelope.type)")
                return
            }
            #expect(created.kind == .image)
            #expect(created.userId == user.id)
            #expect(created.n == 3)
            #expect(created.priority == 250.5)
            #expect(created.models == ["stable_diffusion"])
            #expect(created.payload["prompt"] == "a lighthouse")
            #expect(created.payload["ddim_steps"] == 20)
            #expect(created.webhook == "http://127.0.0.1:9/hook")
            #expect(created.expiresAt > created.createdAt)
            #expect(created.requesterKudos == 250.5, "the balance read for the priority")
            #expect(created.requesterTrusted == false)
            #expect(created.unsafeIP == false)
            #expect(created.r2 == true)
            #expect(created.sourceProcessing == nil)
        }
    }

    @Test func untrustedRequestsFromASuspiciousIPAreMarkedUnsafe() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let user = try await stack.createUser("dave")
            let trusted = try await stack.createUser("erin", trusted: true)
            let suspicion = stack.context.moderation.suspicion
            try await suspicion.recordCorruptPrompt(from: "127.0.0.1", isServiceIP: false)
            _ = try await stack.redis.delete([suspicion.timeoutKey("127.0.0.1")])
            var unsafe: [Int: Bool?] = [:]
            for account in [user, trusted] {
                let (status, body) = await stack.call(
                    .POST, "/api/v2/generate/async", json: #"{"prompt": "a fox"}"#, apiKey: account.apiKey)
                #expect(status == 202)
                let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
                let envelope = try #require(await reader.first { $0.payload.requestId == id })
                guard case .created(let created) = envelope.payload else {
                    Issue.record("expected request.created")
                    return
                }
                unsafe[account.id] = created.unsafeIP
                #expect(created.requesterTrusted == (account.id == trusted.id))
            }
            await reader.close()
            #expect(unsafe[user.id] == true)
            #expect(unsafe[trusted.id] == false, "trusted requesters are never held to the IP check")
        }
    }

    @Test func aTextRequestIsQueuedWithKudosZero() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/text/async",
                json: #"{"prompt": "Once upon a time", "params": {"max_length": 64}, "models": ["horde/cpu-text-1B"]}"#,
                apiKey: "0000000000")
            #expect(status == 202)
            #expect(body["kudos"] == 0)
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let envelope = try #require(await reader.first { $0.payload.requestId == id })
            await reader.close()
            guard case .created(let created) = envelope.payload else {
                Issue.record("expected request.created")
                return
            }
            #expect(created.kind == .text)
            #expect(created.userId == 0)
            #expect(created.maxLength == 64)
            #expect(created.validatedBackends == false)
            #expect(created.requesterKudos != nil)
        }
    }

    @Test func dryRunsAndRefusedRequestsWriteNothing() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("dave")
            let (dryStatus, dry) = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "dry_run": true, "params": {"n": 2}}"#,
                apiKey: user.apiKey)
            #expect(dryStatus == 200)
            #expect(dry["kudos"] == 16)
            #expect(dry["id"] == nil)

            let refused: [(String, Int, String)] = [
                (#"{"prompt": "x",,}"#, 400, "BadRequest"),
                (#"{"prompt": "x", "params": {"steps": "many"}}"#, 400, "ValidationError"),
                (#"{"prompt": "x", "params": {"width": 100}}"#, 400, "ValidationError"),
                (#"{"prompt": ""}"#, 400, "MissingPrompt"),
                (#"{"prompt": "x", "params": {"loras": [{"name": "a"},{"name": "a"},{"name": "a"},{"name": "a"},{"name": "a"},{"name": "a"}]}}"#, 400, "TooManyLoras"),
            ]
            for (json, status, rc) in refused {
                let (got, body) = await stack.call(.POST, "/api/v2/generate/async", json: json, apiKey: user.apiKey)
                #expect(got == status, "\(json)")
                #expect(body["rc"]?.stringValue == rc, "\(json): \(body)")
            }
            let big = String(repeating: "a", count: 64)
            let (oversize, _) = await stack.call(
                .POST, "/api/v2/generate/text/async",
                json: #"{"prompt": "x", "params": {"max_length": 9000}, "softprompt": "\#(big)"}"#, apiKey: user.apiKey)
            #expect(oversize == 400)
            #expect(try await stack.count("gateway.requests") == 0)
        }
    }
}
