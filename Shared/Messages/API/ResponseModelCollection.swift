/// `ResponseModelCollection`: a collection as the collection endpoints show it.
package struct ResponseModelCollection: Codable, Sendable, Equatable {
    /// The collection's UUID.
    package var id: String
    /// The name, unique per user.
    package var name: String
    /// `image` or `text`: the kind of its styles.
    package var type: String
    /// Information about the collection.
    package var info: String?
    /// Listed publicly.
    package var `public`: Bool
    /// The member styles.
    package var styles: [ResponseModelStylesShort]
    /// Times the collection was used in generations.
    package var useCount: Int

    enum CodingKeys: String, CodingKey {
        case id, name, type, info, `public`, styles
        case useCount = "use_count"
    }

    /// A collection as shown.
    package init(
        id: String, name: String, type: String, info: String?, public: Bool, styles: [ResponseModelStylesShort],
        useCount: Int
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.info = info
        self.public = `public`
        self.styles = styles
        self.useCount = useCount
    }
}
