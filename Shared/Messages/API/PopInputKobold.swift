/// `PopInputKobold`: a text worker's pop body (`POST /v2/generate/text/pop`), with the parser defaults.
package struct PopInputKobold: Decodable, Sendable, Equatable {
    /// The fields every worker kind sends.
    package var base: PopInput
    /// Most tokens the worker generates. Default: 512.
    package var maxLength: Int
    /// Most context tokens the worker reads. Default: 2048.
    package var maxContextLength: Int
    /// Soft prompts available on the worker.
    package var softprompts: [String]

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case maxLength = "max_length"
        case maxContextLength = "max_context_length"
        case softprompts
    }

    /// Decodes the common fields and the text fields with the parser defaults.
    package init(from decoder: any Decoder) throws {
        base = try PopInput(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxLength = try c.decodeIntegerIfPresent(forKey: .maxLength) ?? 512
        maxContextLength = try c.decodeIntegerIfPresent(forKey: .maxContextLength) ?? 2048
        softprompts = try c.decodeIfPresent([String].self, forKey: .softprompts) ?? []
    }
}
