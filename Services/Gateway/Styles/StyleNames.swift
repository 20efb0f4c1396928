import Foundation

/// Unique names of styles and collections: `alias#id::style::name` and `alias#id::collection::name`.
enum StyleNames {
    /// The owner id and plain name in a unique name with `marker` (`::style::`); nil when it is not one.
    static func parse(_ text: String, marker: String) -> (ownerId: Int, name: String)? {
        guard let range = text.range(of: marker) else { return nil }
        let owner = text[..<range.lowerBound]
        let name = String(text[range.upperBound...])
        guard let hash = owner.lastIndex(of: "#"), let id = Int(owner[owner.index(after: hash)...]), !name.isEmpty
        else { return nil }
        return (id, name)
    }
}
