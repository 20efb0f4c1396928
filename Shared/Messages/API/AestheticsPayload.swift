/// `AestheticsPayload`: ratings of a shared request's images (`POST /v2/generate/rate/{id}`).
package struct AestheticsPayload: Codable, Sendable, Equatable {
    /// The id of the best image of the set (sets of 2+ images only).
    package var best: String?
    /// Per-image ratings.
    package var ratings: [AestheticRating]?

    /// A payload.
    package init(best: String? = nil, ratings: [AestheticRating]? = nil) {
        self.best = best
        self.ratings = ratings
    }
}
