import Foundation
import Messages
import Postgres

/// One row of `gateway.filters`.
struct FilterRecord: Sendable, Equatable {
    /// The filter id.
    var id: UUID
    /// The regular expression (ICU syntax, matched case-insensitively).
    var regex: String
    /// 10/11 = group 1, 20 = group 2; other types (up to 29) are stored and listed but not scored.
    var filterType: Int
    /// What the filter is for.
    var description: String?
    /// What a type-10 match is rewritten to by the replacement filter.
    var replacement: String
    /// The moderator who added or last changed it (`alias#id`).
    var author: String

    /// The API shape.
    var details: FilterDetails {
        FilterDetails(
            id: id.uuidString.lowercased(), regex: regex, filterType: filterType, description: description,
            replacement: replacement, user: author)
    }

    /// Reads a row selected with `FilterStore.columns`.
    init(row: PostgresRow) throws {
        guard let id = row["id"].uuid, let regex = row["regex"].string, let type = row["filter_type"].int else {
            throw PostgresError.decoding("gateway.filters row without id, regex or filter_type")
        }
        self.id = id
        self.regex = regex
        self.filterType = type
        self.description = row["description"].string
        self.replacement = row["replacement"].string ?? ""
        self.author = row["author"].string ?? ""
    }

    /// A filter built in memory (tests).
    init(id: UUID = UUID(), regex: String, filterType: Int, description: String? = nil, replacement: String = "",
        author: String = "mod#1")
    {
        self.id = id
        self.regex = regex
        self.filterType = filterType
        self.description = description
        self.replacement = replacement
        self.author = author
    }
}
