/// `StyleExample`: one example image of an image style.
package struct StyleExample: Codable, Sendable, Equatable {
    /// The example's UUID.
    package var id: String
    /// Where the image is (https).
    package var url: String
    /// The style's primary example (at most one is).
    package var primary: Bool

    /// An example as shown.
    package init(id: String, url: String, primary: Bool) {
        self.id = id
        self.url = url
        self.primary = primary
    }
}
