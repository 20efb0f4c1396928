/// `ExtraSourceImage`: an additional source image (remix).
package struct ExtraSourceImage: Codable, Sendable, Equatable {
    /// Base64 webp (min 1 character).
    package var image: String
    /// Processing strength. Default: 1.0.
    package var strength: Double

    /// An extra source image.
    package init(image: String, strength: Double = 1.0) {
        self.image = image
        self.strength = strength
    }

    private enum CodingKeys: String, CodingKey { case image, strength }

    /// Decodes with the parser default for `strength`.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        image = try container.decode(String.self, forKey: .image)
        strength = try container.decodeIfPresent(Double.self, forKey: .strength) ?? 1.0
    }
}
