/// `ModelPayloadLorasStable`: one LoRa of an image request.
package struct ModelPayloadLorasStable: Codable, Sendable, Equatable {
    /// CivitAI model name or id, or version id when `is_version` (1–255 characters).
    package var name: String
    /// Strength on the model, −5…5. Default: 1.
    package var model: Double
    /// Strength on CLIP, −5…5. Default: 1.
    package var clip: Double
    /// Trigger to inject (1–30 characters), if any.
    package var injectTrigger: String?
    /// `name` is a CivitAI version id. Default: false.
    package var isVersion: Bool

    /// A LoRa with the parser defaults.
    package init(name: String, model: Double = 1, clip: Double = 1, injectTrigger: String? = nil, isVersion: Bool = false) {
        self.name = name
        self.model = model
        self.clip = clip
        self.injectTrigger = injectTrigger
        self.isVersion = isVersion
    }

    private enum CodingKeys: String, CodingKey {
        case name, model, clip
        case injectTrigger = "inject_trigger"
        case isVersion = "is_version"
    }

    /// Decodes with the parser defaults.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        model = try container.decodeIfPresent(Double.self, forKey: .model) ?? 1
        clip = try container.decodeIfPresent(Double.self, forKey: .clip) ?? 1
        injectTrigger = try container.decodeIfPresent(String.self, forKey: .injectTrigger)
        isVersion = try container.decodeIfPresent(Bool.self, forKey: .isVersion) ?? false
    }
}
