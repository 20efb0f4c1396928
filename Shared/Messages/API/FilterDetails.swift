/// `FilterDetails`: one moderation filter as moderators see it.
package struct FilterDetails: Codable, Sendable, Equatable {
    /// The filter's UUID.
    package var id: String
    /// The regular expression.
    package var regex: String
    /// 10 or 11 (group 1), 20 (group 2); the schema allows 10–29.
    package var filterType: Int
    /// What the filter is for.
    package var description: String?
    /// What type-10 matches are rewritten to by the replacement filter.
    package var replacement: String
    /// The moderator who added or last changed the filter (`alias#id`).
    package var user: String

    /// A filter record.
    package init(id: String, regex: String, filterType: Int, description: String?, replacement: String, user: String) {
        self.id = id
        self.regex = regex
        self.filterType = filterType
        self.description = description
        self.replacement = replacement
        self.user = user
    }

    enum CodingKeys: String, CodingKey {
        case id, regex, description, replacement, user
        case filterType = "filter_type"
    }
}
