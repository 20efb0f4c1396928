import Foundation
import Messages
import Testing

@testable import Worker

@Suite("Client-side API models")
struct APIModelTests {
    private func object(_ value: some Encodable) throws -> [String: JSONValue] {
        try #require(try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value)).objectValue)
    }

    @Test func imagePopBodyUsesTheAPIFieldNames() throws {
        let body = PopRequestBody.image(
            name: "w1", models: ["stable_diffusion"], bridgeAgent: "horde-worker:0.1.0:x", nsfw: true, threads: 2,
            amount: 3, maxPixels: 1_048_576)
        let json = try object(body)
        #expect(json["name"] == "w1")
        #expect(json["models"] == ["stable_diffusion"])
        #expect(json["bridge_agent"] == "horde-worker:0.1.0:x")
        #expect(json["max_pixels"] == 1_048_576)
        #expect(json["amount"] == 3)
        #expect(json["threads"] == 2)
        #expect(json["allow_img2img"] == false)
        #expect(json["allow_lora"] == false)
        #expect(json["max_length"] == nil)
        #expect(json["softprompts"] == nil)
    }

    @Test func textPopBodyCarriesLengthsAndNoImageFields() throws {
        let body = PopRequestBody.text(
            name: "t1", models: ["horde/cpu-text-1B"], bridgeAgent: "b", nsfw: false, threads: 1, amount: 1,
            maxLength: 512, maxContextLength: 4096)
        let json = try object(body)
        #expect(json["max_length"] == 512)
        #expect(json["max_context_length"] == 4096)
        #expect(json["softprompts"] == [])
        #expect(json["nsfw"] == false)
        #expect(json["max_pixels"] == nil)
        #expect(json["allow_img2img"] == nil)
    }

    @Test func emptyPopAnswerHasNoJob() throws {
        let json = #"{"id": null, "ids": [], "payload": {}, "skipped": {"models": 2, "nsfw": 1.0}}"#
        let response = try JSONDecoder().decode(PopResponseBody.self, from: Data(json.utf8))
        #expect(response.jobIds.isEmpty)
        #expect(response.skipped == ["models": 2, "nsfw": 1])
        #expect(WorkerJob(kind: .image, response: response, fallbackModel: "m") == nil)
    }

    @Test func popAnswerWithABatchBecomesOneJob() throws {
        let json = """
            {"payload": {"prompt": "p", "n_iter": 2, "seed": "5"}, "id": "a", "ids": ["a", "b"],
             "model": "stable_diffusion", "ttl": 150.0, "skipped": {}, "r2_uploads": ["https://r2/a", "https://r2/b"],
             "unknown_field": {"x": 1}}
            """
        let response = try JSONDecoder().decode(PopResponseBody.self, from: Data(json.utf8))
        let job = try #require(WorkerJob(kind: .image, response: response, fallbackModel: "m"))
        #expect(job.jobIds == ["a", "b"])
        #expect(job.model == "stable_diffusion")
        #expect(job.ttlSeconds == 150)
        #expect(job.uploadURLs == ["https://r2/a", "https://r2/b"])
        #expect(job.payload["n_iter"] == 2)
    }

    @Test func singleIdFromOlderGateways() throws {
        let json = #"{"payload": {"prompt": "p"}, "id": "only", "model": "x"}"#
        let response = try JSONDecoder().decode(PopResponseBody.self, from: Data(json.utf8))
        #expect(response.jobIds == ["only"])
    }

    @Test func submitBodies() throws {
        let image = try object(SubmitRequestBody.image(id: "j", generation: "AAAA", seed: 42))
        #expect(image == ["id": "j", "generation": "AAAA", "state": "ok", "seed": 42, "gen_metadata": []])
        let text = try object(SubmitRequestBody.text(id: "j", text: " hi"))
        #expect(text == ["id": "j", "generation": " hi", "state": "ok", "gen_metadata": []])
        let faulted = try object(SubmitRequestBody.faulted(id: "j"))
        #expect(faulted["state"] == "faulted")
        #expect(faulted["seed"] == nil)
    }

    @Test func errorBodiesKeepTheirRc() {
        let error = HordeAPIError.from(status: 400, body: Array(#"{"message": "dup", "rc": "DuplicateGen"}"#.utf8))
        #expect(error.rc == "DuplicateGen")
        #expect(error.kind == .status(400))
        #expect(!error.isRetriable)
        #expect(HordeAPIError.from(status: 503, body: Array("oops".utf8)).isRetriable)
        #expect(HordeAPIError.from(status: 429, body: []).isRetriable)
        #expect(HordeAPIError(kind: .transport, rc: nil, message: "refused").isRetriable)
    }

    @Test func assignmentBecomesAJobWithLowercaseIds() {
        let id = UUID()
        let assignment = JobAssignment(
            requestId: UUID(), kind: .text, jobIds: [id], model: "horde/cpu-text-1B", payload: ["prompt": "x"],
            ttlSeconds: 150)
        let job = WorkerJob(assignment: assignment)
        #expect(job.jobIds == [id.uuidString.lowercased()])
        #expect(job.kind == .text)
        #expect(job.ttlSeconds == 150)
    }
}
