/// `SubmitInputStable`: an image worker's delivery (`POST /v2/generate/submit`).
package struct SubmitInputStable: Decodable, Sendable, Equatable {
    /// The fields every worker kind sends.
    package var base: SubmitInput
    /// The seed that generated the image (an integer in the schema; text is accepted too).
    package var seed: String?
    /// Obsolete censorship flag (ignored: censorship is read from `gen_metadata`). Default: false.
    package var censored: Bool
    /// Notes about the generation (at most 50).
    package var genMetadata: [GenerationMetadataStable]

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case seed, censored
        case genMetadata = "gen_metadata"
    }

    /// Decodes the common fields and the image fields.
    package init(from decoder: any Decoder) throws {
        base = try SubmitInput(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeStringOrNumberIfPresent(forKey: .seed)
        censored = try c.decodeIfPresent(Bool.self, forKey: .censored) ?? false
        genMetadata = try c.decodeIfPresent([GenerationMetadataStable].self, forKey: .genMetadata) ?? []
    }
}
