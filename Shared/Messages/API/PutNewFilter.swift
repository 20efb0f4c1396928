/// `PutNewFilter`: the body of `PUT /v2/filters`.
package struct PutNewFilter: Codable, Sendable, Equatable {
    /// The regular expression.
    package var regex: String
    /// The filter type (10–29).
    package var filterType: Int
    /// What the filter is for.
    package var description: String?
    /// The replacement for type-10 matches. Default: empty.
    package var replacement: String?

    /// A new filter.
    package init(regex: String, filterType: Int, description: String? = nil, replacement: String? = nil) {
        self.regex = regex
        self.filterType = filterType
        self.description = description
        self.replacement = replacement
    }

    enum CodingKeys: String, CodingKey {
        case regex, description, replacement
        case filterType = "filter_type"
    }
}
