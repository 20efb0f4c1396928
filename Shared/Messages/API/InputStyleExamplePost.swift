/// `InputStyleExamplePost`: the body that adds or changes an example image of a style.
package struct InputStyleExamplePost: Codable, Sendable, Equatable {
    /// Where the image is (https); required when adding.
    package var url: String?
    /// Make this the style's primary example (Default: false).
    package var primary: Bool?

    /// A body with the given fields.
    package init(url: String? = nil, primary: Bool? = nil) {
        self.url = url
        self.primary = primary
    }
}
