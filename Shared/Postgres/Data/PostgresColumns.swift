/// The names and types of a result's columns, shared by all of its rows.
package final class PostgresColumns: Sendable {
    /// Column names in result order.
    package let names: [String]
    /// Column types in result order.
    package let types: [PostgresDataType]
    private let indexByName: [String: Int]

    /// Columns named `names` with `types` (the two arrays have the same length).
    package init(names: [String], types: [PostgresDataType]) {
        self.names = names
        self.types = types
        var index: [String: Int] = [:]
        // With duplicate names (`SELECT a.id, b.id`) the first column wins, as in most drivers.
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.indexByName = index
    }

    /// The position of the first column called `name`.
    package func index(of name: String) -> Int? { indexByName[name] }
}
