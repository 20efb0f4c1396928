/// `ResponseModelStylesShort`: a style named in a collection.
package struct ResponseModelStylesShort: Codable, Sendable, Equatable {
    /// The style's unique name, `alias#id::style::name`.
    package var name: String
    /// The style's UUID.
    package var id: String

    /// A member style.
    package init(name: String, id: String) {
        self.name = name
        self.id = id
    }
}
