import Foundation
import Messages

/// A stored generation as the gateway recorded it (`gateway.generations`), with what a webhook reports.
struct GenerationRecord: Sendable, Equatable {
    /// The job (and webhook delivery) id.
    var jobId: UUID
    /// The request the job belongs to.
    var requestId: UUID
    /// Image, text or interrogation.
    var kind: WebhookForm
    /// The worker that delivered the job.
    var workerId: UUID?
    /// That worker's name.
    var workerName: String
    /// The model the job ran on (for an interrogation: the form's name).
    var model: String
    /// The seed as stored.
    var seed: String?
    /// `ok`, `censored`, `csam` or `faulted`.
    var state: String
    /// The text, the image as base64, or an interrogation form's result as JSON text.
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
            "worker_id": generation.workerId.map { .string($0.uuidString.lowercased()) } ?? .null,
            "worker_name": .string(generation.workerName),
            "id": .string(generation.jobId.uuidString.lowercased()),
            "request": .string(generation.requestId.uuidString.lowercased()),
            "kudos": .number(kudos),
        ]
        switch generation.kind {
        case .image, .text:
            body["seed"] = generation.seed.map(JSONValue.string) ?? .null
            body["model"] = .string(generation.model)
            body["gen_metadata"] = generation.genMetadata.arrayValue != nil ? generation.genMetadata : .array([])
            if generation.kind == .image {
                body["img"] = .string(generation.result)
                body["censored"] = .bool(generation.state == "censored" || generation.state == "csam")
            } else {
                body["text"] = .string(generation.result)
                body["state"] = .string(generation.state)
            }
        case .interrogation:
            body["form"] = .string(generation.model)
            body["state"] = .string(formState(generation.state))
            body["result"] = formResult(generation.result)
        }
        return .object(body)
    }

    /// A finished form's state as the reference names it: a delivered form is `done`.
    private static func formState(_ stored: String) -> String {
        stored == "ok" || stored.isEmpty ? "done" : stored
    }

    /// The form result as the JSON object it was stored as; text that is not JSON is sent as a string.
    private static func formResult(_ stored: String) -> JSONValue {
        if let value = try? JSONDecoder().decode(JSONValue.self, from: Data(stored.utf8)) { return value }
        return .string(stored)
    }

    /// The body as bytes, keys sorted so a retried attempt sends the identical document.
    static func encoded(for generation: GenerationRecord, kudos: Double) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(body(for: generation, kudos: kudos)))
    }
}
