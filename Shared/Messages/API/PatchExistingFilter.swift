/// `PatchExistingFilter`: the body of `PATCH /v2/filters/{id}`; absent fields stay as they are.
package struct PatchExistingFilter: Codable, Sendable, Equatable {
    /// A new regular expression.
    package var regex: String?
    /// A new filter type (10–29).
    package var filterType: Int?
    /// A new description.
    package var description: String?
    /// A new replacement.
    package var replacement: String?

    /// A change.
    package init(regex: String? = nil, filterType: Int? = nil, description: String? = nil, replacement: String? = nil) {
        self.regex = regex
        self.filterType = filterType
        self.description = description
        self.replacement = replacement
    }

    /// True when the body changes nothing.
    package var isEmpty: Bool { regex == nil && filterType == nil && description == nil && replacement == nil }

    enum CodingKeys: String, CodingKey {
        case regex, description, replacement
        case filterType = "filter_type"
    }
}
