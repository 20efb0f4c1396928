/// `AestheticRating`: one image's rating.
package struct AestheticRating: Codable, Sendable, Equatable {
    /// The rated image's id (a generation id of the request).
    package var id: String
    /// Aesthetic rating, 1–10.
    package var rating: Int
    /// Artifacts rating, 0 (flawless) – 5 (garbage).
    package var artifacts: Int?

    /// A rating.
    package init(id: String, rating: Int, artifacts: Int? = nil) {
        self.id = id
        self.rating = rating
        self.artifacts = artifacts
    }
}
