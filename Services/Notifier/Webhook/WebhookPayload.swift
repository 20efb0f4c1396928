import Foundation
import Messages

/// A stored generation as the gateway recorded it (`gateway.generations`), with what a webhook reports.
struct GenerationRecord: Sendable, Equatable {
    /// The job (and webhook delivery) id.
    var jobId: UUID
    /// The request the job belongs to.
    var requestId: UUID
    /// Image or text.
    var kind: RequestKind
    /// The worker that delivered the job.
    var workerId: UUID?
    /// That worker's name.
    var workerName: String
    /// The model the job ran on.
    var model: String
    /// The seed as stored.
    var seed: String?
    /// `ok`, `censored`, `csam` or `faulted`.
    var state: String
    /// The text, or the image as base64.
    var result: String
    /// The worker's `gen_metadata` list.
    var genMetadata: JSONValue
}

/// The JSON body of a webhook (HORDE_RULES 5): one per delivered job, with the job's reward before the bridge
/// factor as `kudos`.
enum WebhookPayload {
    /// The payload as a JSON value.
    static func body(for generation: GenerationRecord, kudos: Double) -> JSONValue {
        var body: [String: JSONValue] = [
            "seed": generation.seed.map(JSONValue.string) ?? .null,
            "worker_id": generation.workerId.map { .string($0.uuidString.lowercased()) } ?? .null,
            "worker_name": .string(generation.workerName),
            "model": .string(generation.model),
            "id": .string(generation.jobId.uuidString.lowercased()),
            "gen_metadata": generation.genMetadata.arrayValue != nil ? generation.genMetadata : .array([]),
            "request": .string(generation.requestId.uuidString.lowercased()),
            "kudos": .number(kudos),
        ]
        switch generation.kind {
        case .image:
            body["img"] = .string(generation.result)
            body["censored"] = .bool(generation.state == "censored" || generation.state == "csam")
        case .text:
            body["text"] = .string(generation.result)
            body["state"] = .string(generation.state)
        case .interrogation:
            // The interrogation payload (HORDE_RULES 5): the form name is stored as the model, the result as JSON.
            body["form"] = .string(generation.model)
            body["state"] = .string(generation.state == "faulted" ? "faulted" : "done")
            body["result"] = (try? JSONDecoder().decode(JSONValue.self, from: Data(generation.result.utf8))) ?? .null
            for key in ["seed", "model", "gen_metadata"] { body[key] = nil }
        }
        return .object(body)
    }

    /// The body as bytes, keys sorted so a retried attempt sends the identical document.
    static func encoded(for generation: GenerationRecord, kudos: Double) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(body(for: generation, kudos: kudos)))
    }
}
