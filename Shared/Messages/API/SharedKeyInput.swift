/// `SharedKeyInput`: the body of `PUT /v2/sharedkeys` and `PATCH /v2/sharedkeys/{id}`. Absent fields take the
/// parser defaults on creation (kudos 5000, the rest -1) and stay unchanged on modification.
package struct SharedKeyInput: Codable, Sendable, Equatable {
    /// Kudos budget, -1 (unlimited) to 50,000,000.
    package var kudos: Int?
    /// Days until the key expires; -1 = never.
    package var expiry: Int?
    /// A name for the key, 3-255 characters.
    package var name: String?
    /// Largest width × height per image, -1 (none) to 4,194,304.
    package var maxImagePixels: Int?
    /// Most steps per image, -1 (none) to 500.
    package var maxImageSteps: Int?
    /// Most tokens per text generation, -1 (none) to 500.
    package var maxTextTokens: Int?

    /// An empty body.
    package init() {}

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case kudos, expiry, name
        case maxImagePixels = "max_image_pixels"
        case maxImageSteps = "max_image_steps"
        case maxTextTokens = "max_text_tokens"
    }

    /// Reads the body; integers are checked field by field.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kudos = try c.decodeIntegerIfPresent(forKey: .kudos)
        expiry = try c.decodeIntegerIfPresent(forKey: .expiry)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        maxImagePixels = try c.decodeIntegerIfPresent(forKey: .maxImagePixels)
        maxImageSteps = try c.decodeIntegerIfPresent(forKey: .maxImageSteps)
        maxTextTokens = try c.decodeIntegerIfPresent(forKey: .maxTextTokens)
    }
}
