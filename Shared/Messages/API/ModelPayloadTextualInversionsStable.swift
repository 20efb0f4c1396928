/// `ModelPayloadTextualInversionsStable`: one textual inversion of an image request.
package struct ModelPayloadTextualInversionsStable: Codable, Sendable, Equatable {
    /// CivitAI name or id (1–255 characters).
    package var name: String
    /// `prompt` or `negprompt`: where the worker injects it; absent means the client wrote it into the prompt.
    package var injectTi: String?
    /// Strength, −5…5. Default: 1.
    package var strength: Double

    /// A textual inversion with the parser defaults.
    package init(name: String, injectTi: String? = nil, strength: Double = 1) {
        self.name = name
        self.injectTi = injectTi
        self.strength = strength
    }

    private enum CodingKeys: String, CodingKey {
        case name, strength
        case injectTi = "inject_ti"
    }

    /// Decodes with the parser defaults.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        injectTi = try container.decodeIfPresent(String.self, forKey: .injectTi)
        strength = try container.decodeIfPresent(Double.self, forKey: .strength) ?? 1
    }
}
