/// `FilterRegex`: the OR-joined regular expression of one filter type (`GET /v2/filters/regex`).
package struct FilterRegex: Codable, Sendable, Equatable {
    /// The filter type.
    package var filterType: Int
    /// Every regex of that type, OR-joined.
    package var regex: String

    /// A compiled type.
    package init(filterType: Int, regex: String) {
        self.filterType = filterType
        self.regex = regex
    }

    enum CodingKeys: String, CodingKey {
        case regex
        case filterType = "filter_type"
    }
}
