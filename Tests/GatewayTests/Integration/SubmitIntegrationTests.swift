import Foundation
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Submits against the scheduler's job rows", .enabled(if: integrationEnabled), .serialized)
struct SubmitIntegrationTests {
    @Test func submitChecksTheJobAndStoresTheImageOnce() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<SubmissionMessage>(Topics.submissions, kafka: stack.kafka, logger: stack.logger)
            let owner = try await stack.createUser("owner")
            let other = try await stack.createUser("other")
            let request = try await stack.insertRequest(userId: other.id, n: 5, kudos: 6.5)
            let processing = try await stack.insertJob(request: request, ownerId: owner.id)
            let done = try await stack.insertJob(request: request, state: "done", ownerId: owner.id)
            let timedOut = try await stack.insertJob(request: request, state: "timed_out", ownerId: owner.id)
            let foreign = try await stack.insertJob(request: request, ownerId: other.id)

            func submit(_ id: String, _ generation: String = GatewayStack.pngBase64, key: String? = nil) async
                -> (Int, JSONValue)
            {
                await stack.call(
                    .POST, "/api/v2/generate/submit",
                    json: #"{"id": "\#(id)", "generation": "\#(generation)", "seed": 4242}"#, apiKey: key ?? owner.apiKey)
            }
            let cases: [(String, Int, String)] = [
                (UUID().uuidString, 404, "InvalidJobID"),
                ("not-a-uuid", 404, "InvalidJobID"),
                (foreign.uuidString, 403, "WrongCredentials"),
                (done.uuidString, 400, "DuplicateGen"),
                (timedOut.uuidString, 400, "AbortedGen"),
            ]
            for (id, status, rc) in cases {
                let (got, body) = await submit(id)
                #expect(got == status, "\(rc)")
                #expect(body["rc"]?.stringValue == rc)
            }
            let (anonymous, anonymousBody) = await submit(processing.uuidString, key: "0000000000")
            #expect(anonymous == 403 && anonymousBody["rc"] == "AnonForbiddenWorker")
            let (badImage, badBody) = await submit(processing.uuidString, Data("hello".utf8).base64EncodedString())
            #expect(badImage == 400 && badBody["rc"] == "BadRequest")
            #expect(try await stack.count("gateway.generations") == 0)

            let (status, body) = await submit(processing.uuidString)
            #expect(status == 200)
            #expect(body["reward"] == 6.5)
            let row = try #require(try await stack.pool.query(
                "SELECT request_id, state, seed, result, content_type, worker_name FROM gateway.generations WHERE job_id = \(processing)"
            ).first)
            #expect(row["request_id"].uuid == request)
            #expect(row["state"].string == "ok")
            #expect(row["seed"].string == "4242")
            #expect(row["result"].string == GatewayStack.pngBase64)
            #expect(row["content_type"].string == "image/png")

            let envelope = try #require(await reader.first {
                if case .submitted(let job) = $0.payload { return job.jobId == processing }
                return false
            })
            await reader.close()
            #expect(envelope.id == processing)
            guard case .submitted(let submitted) = envelope.payload else { return }
            #expect(submitted.requestId == request)
            #expect(submitted.outcome == .ok)
            #expect(submitted.seed == "4242")

            // The scheduler has not settled it yet, but the stored generation already makes a repeat a duplicate.
            let (again, againBody) = await submit(processing.uuidString)
            #expect(again == 400 && againBody["rc"] == "DuplicateGen")
            #expect(try await stack.count("gateway.generations") == 1)
        }
    }

    @Test func faultedAndTextSubmits() async throws {
        try await GatewayStack.with { stack in
            let owner = try await stack.createUser("owner")
            let image = try await stack.insertRequest(userId: owner.id)
            let faultedJob = try await stack.insertJob(request: image, ownerId: owner.id)
            let (faulted, faultedBody) = await stack.call(
                .POST, "/api/v2/generate/submit", json: #"{"id": "\#(faultedJob)", "state": "faulted", "seed": 1}"#,
                apiKey: owner.apiKey)
            #expect(faulted == 200)
            #expect(faultedBody["reward"] == 0)

            let text = try await stack.insertRequest(kind: .text, userId: owner.id, prompt: "Tell me a story", maxLength: 80)
            let textJob = try await stack.insertJob(request: text, kind: .text, ownerId: owner.id, model: "horde/cpu-text-1B")
            let (wrongKind, wrongBody) = await stack.call(
                .POST, "/api/v2/generate/submit", json: #"{"id": "\#(textJob)", "generation": "x", "seed": 1}"#,
                apiKey: owner.apiKey)
            #expect(wrongKind == 404 && wrongBody["rc"] == "InvalidJobID")
            let story = String(repeating: "once there was a horde. ", count: 10)
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/text/submit", json: #"{"id": "\#(textJob)", "generation": "\#(story)"}"#,
                apiKey: owner.apiKey)
            #expect(status == 200)
            #expect((body["reward"]?.doubleValue ?? 0) > 0)
            let stored = try await stack.pool.query("SELECT result, kind FROM gateway.generations WHERE job_id = \(textJob)")
            #expect(stored.first?["result"].string == story)
            #expect(stored.first?["kind"].string == "text")
        }
    }
}
