/// `ModelInterrogationInputStable`: the body of `POST /v2/interrogate/async`, with the parser defaults.
package struct ModelInterrogationInputStable: Decodable, Sendable, Equatable {
    /// The image: a public `http(s)` URL or base64. Required.
    package var sourceImage: String
    /// The forms to run (duplicates by name are dropped). Required.
    package var forms: [ModelInterrogationFormStable]
    /// Only trusted workers may take it. Default: false.
    package var trustedWorkers: Bool
    /// Slow workers may take it. Default: true.
    package var slowWorkers: Bool
    /// Called once per delivered form.
    package var webhook: String?

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case sourceImage = "source_image"
        case forms
        case trustedWorkers = "trusted_workers"
        case slowWorkers = "slow_workers"
        case webhook
    }

    /// Decodes with the parser defaults; missing `source_image` or `forms` is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sourceImage = try c.decode(String.self, forKey: .sourceImage)
        forms = try c.decode([ModelInterrogationFormStable].self, forKey: .forms)
        trustedWorkers = try c.decodeIfPresent(Bool.self, forKey: .trustedWorkers) ?? false
        slowWorkers = try c.decodeIfPresent(Bool.self, forKey: .slowWorkers) ?? true
        webhook = try c.decodeIfPresent(String.self, forKey: .webhook)
    }
}
