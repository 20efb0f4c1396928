/// `InputModelCollection`: the body that creates or changes a collection of styles.
package struct InputModelCollection: Codable, Sendable, Equatable {
    /// Case-sensitive, unique per user, 1–100 characters; required on creation.
    package var name: String?
    /// Information about the collection (1–1000 characters).
    package var info: String?
    /// Listed publicly (Default: true).
    package var `public`: Bool?
    /// Member styles by id or unique name (`alias#id::style::name`), all of one type; at least one on creation.
    package var styles: [String]?

    /// A body with the given fields.
    package init(name: String? = nil, info: String? = nil, public: Bool? = nil, styles: [String]? = nil) {
        self.name = name
        self.info = info
        self.public = `public`
        self.styles = styles
    }
}
