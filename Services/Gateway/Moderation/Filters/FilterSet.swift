import Foundation

/// The filters compiled for matching: one OR-joined regex per type, and the type-10 entries one by one for the
/// replacement filter. Built once per change, shared read-only by every request.
struct FilterSet: Sendable {
    /// The OR-joined source per filter type (what `GET /filters/regex` shows).
    let sources: [Int: String]
    /// The compiled OR-joined regex per type; a type whose regexes do not compile together is compiled from the
    /// ones that do.
    let compiled: [Int: NSRegularExpression]
    /// Type-10 regexes with their replacements, in creation order.
    let replacements: [(NSRegularExpression, String)]

    /// Types whose matches count towards group 1 (minors).
    static let groupOneTypes = [10, 11]
    /// Types whose matches count towards group 2 (sexual content).
    static let groupTwoTypes = [20]

    /// No filters.
    static let empty = FilterSet(filters: [])

    /// Compiles `filters`; a regex that does not compile is left out (the API refuses such regexes, so only rows
    /// written past it can be broken).
    init(filters: [FilterRecord]) {
        var valid: [Int: [String]] = [:]
        var replacements: [(NSRegularExpression, String)] = []
        for filter in filters {
            guard let regex = Self.compile(filter.regex) else { continue }
            valid[filter.filterType, default: []].append(filter.regex)
            if filter.filterType == 10 { replacements.append((regex, filter.replacement)) }
        }
        var sources: [Int: String] = [:]
        var compiled: [Int: NSRegularExpression] = [:]
        for (type, regexes) in valid {
            let joined = regexes.map { "(?:\($0))" }.joined(separator: "|")
            sources[type] = joined
            compiled[type] = Self.compile(joined)
        }
        self.sources = sources
        self.compiled = compiled
        self.replacements = replacements
    }

    /// A case-insensitive regex, or nil when `source` is not a valid pattern.
    static func compile(_ source: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: source, options: [.caseInsensitive])
    }

    /// The matched substrings of the regex of `type` in `text` (empty when none or no such type).
    func matches(ofType type: Int, in text: String) -> [String] {
        guard let regex = compiled[type] else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { String(text[$0]) }
        }.filter { !$0.isEmpty }
    }
}
