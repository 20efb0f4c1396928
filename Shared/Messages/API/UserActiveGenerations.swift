/// `UserActiveGenerations`: (privileged) the ids of a user's unfinished requests by kind.
package struct UserActiveGenerations: Codable, Sendable, Equatable {
    /// Text request ids.
    package var text: [String]
    /// Image request ids.
    package var image: [String]
    /// Alchemy request ids.
    package var alchemy: [String]

    /// Active generations.
    package init(text: [String] = [], image: [String] = [], alchemy: [String] = []) {
        self.text = text
        self.image = image
        self.alchemy = alchemy
    }
}
