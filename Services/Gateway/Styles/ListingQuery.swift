import HTTP
import Messages
import ServiceKit

/// The `sort`, `page` and (collections) `type` query parameters of the style and collection listings.
struct ListingQuery: Sendable, Equatable {
    /// The highest page asked for.
    static let maxPage = 100_000

    /// `sort=age`: newest first; otherwise most used first.
    var byAge: Bool
    /// The 1-based page.
    var page: Int
    /// The kind asked for (`type=image|text`); nil for all.
    var kind: StyleKind?

    /// Reads the parameters; `kinds` non-nil when `type` is accepted. Bad values are a 400 naming the parameter.
    init(_ request: HTTPRequest, kinds: Set<String>?) throws {
        var errors = SchemaErrors()
        let sort = request.queryValue("sort") ?? "popular"
        errors.oneOf(sort, "sort", ["popular", "age"])
        let pageText = request.queryValue("page") ?? "1"
        let page = Int(pageText) ?? 0
        // Bounded so the row offset it makes cannot overflow.
        if !(1...Self.maxPage).contains(page) {
            errors.add("page", "'\(pageText.prefix(20))' is not a page number (1 to \(Self.maxPage))")
        }
        var kind: StyleKind?
        if let kinds {
            let type = request.queryValue("type") ?? "all"
            errors.oneOf(type, "type", kinds)
            kind = StyleKind(rawValue: type)
        }
        try errors.throwIfAny()
        byAge = sort == "age"
        self.page = page
        self.kind = kind
    }
}
