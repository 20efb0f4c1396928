/// `SubmitInputKobold`: a text worker's delivery (`POST /v2/generate/text/submit`).
package struct SubmitInputKobold: Decodable, Sendable, Equatable {
    /// The fields every worker kind sends.
    package var base: SubmitInput
    /// The seed, when the worker reports one (not in the schema; some workers send it).
    package var seed: String?
    /// Notes about the generation (at most 50).
    package var genMetadata: [GenerationMetadataKobold]

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case seed
        case genMetadata = "gen_metadata"
    }

    /// Decodes the common fields and the text fields.
    package init(from decoder: any Decoder) throws {
        base = try SubmitInput(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decodeStringOrNumberIfPresent(forKey: .seed)
        genMetadata = try c.decodeIfPresent([GenerationMetadataKobold].self, forKey: .genMetadata) ?? []
    }
}
