/// `POST /v2/kudos/award` 200 body.
package struct KudosAwarded: Codable, Sendable, Equatable {
    /// The amount of kudos awarded.
    package var awarded: Double

    /// A body.
    package init(awarded: Double) { self.awarded = awarded }
}
