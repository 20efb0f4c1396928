/// The body of `POST /api/v2/generate/submit` (SubmitInputStable) and `/generate/text/submit`
/// (SubmitInputKobold).
struct SubmitRequestBody: Codable, Sendable, Equatable {
    /// The job id.
    var id: String
    /// Base64 of the image, the text, or "R2" when the image was uploaded to the pop's presigned URL.
    var generation: String
    /// `ok`, `censored`, `faulted` or `csam`.
    var state: String
    /// Images only: the seed the image was rendered with.
    var seed: Int?
    /// Notes about the generation (censorship, skipped LoRas…).
    var genMetadata: [GenerationMetadata]

    /// The API's field names.
    private enum CodingKeys: String, CodingKey {
        case id, generation, state, seed
        case genMetadata = "gen_metadata"
    }

    /// A delivered image.
    static func image(id: String, generation: String, seed: UInt64, metadata: [GenerationMetadata] = [])
        -> SubmitRequestBody
    {
        SubmitRequestBody(id: id, generation: generation, state: "ok", seed: Int(seed), genMetadata: metadata)
    }

    /// A delivered text.
    static func text(id: String, text: String, metadata: [GenerationMetadata] = []) -> SubmitRequestBody {
        SubmitRequestBody(id: id, generation: text, state: "ok", seed: nil, genMetadata: metadata)
    }

    /// A job given back: the gateway returns its slot to the queue and pays nothing.
    static func faulted(id: String) -> SubmitRequestBody {
        SubmitRequestBody(id: id, generation: "", state: "faulted", seed: nil, genMetadata: [])
    }
}

/// One `gen_metadata` entry (GenerationMetadataStable / Kobold).
struct GenerationMetadata: Codable, Sendable, Equatable {
    /// What the entry is about (`censorship`, `lora`, …).
    var type: String
    /// What happened (`nsfw`, `download_failed`, …).
    var value: String
    /// What it refers to, such as a LoRa id.
    var ref: String?
}
