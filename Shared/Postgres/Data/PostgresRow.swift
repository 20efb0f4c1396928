/// One result row: its values in PostgreSQL's text format, copied out of libpq before the result was freed.
package struct PostgresRow: Sendable {
    /// The result's columns.
    package let columns: PostgresColumns
    /// The values in column order; nil is NULL.
    package let values: [String?]

    /// A row of `values` under `columns`.
    package init(columns: PostgresColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The number of columns.
    package var count: Int { values.count }

    /// The cell of the first column called `column`; a missing column gives a cell whose decoding throws.
    package subscript(_ column: String) -> PostgresCell {
        guard let index = columns.index(of: column) else { return PostgresCell(missing: column) }
        return self[index]
    }

    /// The cell at `index`; an index out of range gives a cell whose decoding throws.
    package subscript(_ index: Int) -> PostgresCell {
        guard values.indices.contains(index) else { return PostgresCell(missing: "#\(index)") }
        return PostgresCell(column: columns.names[index], type: columns.types[index], text: values[index])
    }

    /// Decodes `column` as `T`; throws `PostgresError.decoding` if it is missing, NULL (unless `T` is an
    /// `Optional`) or not a `T`.
    package func decode<T: PostgresDecodable>(_ column: String, as type: T.Type = T.self) throws(PostgresError) -> T {
        try self[column].decode(type)
    }

    /// Decodes the column at `index` as `T`.
    package func decode<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws(PostgresError) -> T {
        try self[index].decode(type)
    }
}
