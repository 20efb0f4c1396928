import Foundation

/// One value of a row, with typed accessors.
///
/// The optional accessors (`.int`, `.uuid`, …) return nil for NULL *and* for text that is not of that type;
/// `decode(_:)` tells the two apart by throwing a `PostgresError.decoding` that names the column.
package struct PostgresCell: Sendable {
    /// The column's name (`#n` for a missing index).
    package let column: String
    /// The column's type.
    package let type: PostgresDataType
    /// The value in PostgreSQL's text format; nil for NULL.
    package let text: String?
    /// False when the row has no such column.
    package let exists: Bool

    /// A cell of `column` holding `text`.
    package init(column: String, type: PostgresDataType, text: String?) {
        self.column = column
        self.type = type
        self.text = text
        self.exists = true
    }

    /// The cell a row returns for a column it does not have.
    init(missing column: String) {
        self.column = column
        self.type = .unspecified
        self.text = nil
        self.exists = false
    }

    /// True for SQL NULL (and for a missing column).
    package var isNull: Bool { text == nil }
    /// The text as is (for `bytea` that is the `\x…` form; use `.bytes`).
    package var string: String? { text }
    /// An integer column (or integral text) as `Int`.
    package var int: Int? { text.flatMap { Int($0) } }
    /// An integer column as `Int64`.
    package var int64: Int64? { text.flatMap { Int64($0) } }
    /// An integer column as `Int32`; nil when the value does not fit.
    package var int32: Int32? { text.flatMap { Int32($0) } }
    /// A `float4`/`float8`/`numeric` (or integer) column as `Double`; `numeric` may lose precision, see
    /// `decimalString`.
    package var double: Double? { text.flatMap(PostgresFloatText.parse) }
    /// A `numeric` column's exact decimal text (`"12.50"`), also fine for integers.
    package var decimalString: String? { text }
    /// A `numeric` column as an exact `Decimal`.
    package var decimal: Decimal? {
        guard let text else { return nil }
        if text == "NaN" { return .nan }
        return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
    }
    /// A `bool` column.
    package var bool: Bool? {
        switch text {
        case "t", "true": true
        case "f", "false": false
        default: nil
        }
    }
    /// A `uuid` column.
    package var uuid: UUID? { text.flatMap { UUID(uuidString: $0) } }
    /// A `timestamptz`, `timestamp` (taken as UTC) or `date` column; `infinity` is `Date.distantFuture`.
    package var date: Date? { text.flatMap(PostgresTimestampText.parse) }
    /// A `bytea` column's bytes; any other column's text as UTF-8 bytes.
    package var bytes: [UInt8]? {
        guard let text else { return nil }
        return type == .bytea ? PostgresByteaText.parse(text) : Array(text.utf8)
    }
    /// A `json`/`jsonb` column.
    package var json: PostgresJSON? { text.map(PostgresJSON.init) }

    /// Decodes the value as `T`, throwing `PostgresError.decoding` (naming the column, never the value) if the
    /// column is missing, NULL for a non-optional `T`, or not a `T`.
    package func decode<T: PostgresDecodable>(_ type: T.Type = T.self) throws(PostgresError) -> T {
        guard exists else { throw PostgresError.decoding("no column \(column) in the row") }
        return try T.decode(from: self)
    }

    /// Decodes a `json`/`jsonb` column as `T`.
    package func decodeJSON<T: Decodable>(_ type: T.Type, decoder: JSONDecoder = JSONDecoder()) throws -> T {
        guard let json = try decode(PostgresJSON?.self) else { throw decodingError("JSON") }
        do {
            return try json.decode(type, decoder: decoder)
        } catch {
            throw PostgresError.decoding("column \(column): JSON does not decode as \(T.self)")
        }
    }

    /// The error for a value that is NULL or not a `typeName`. The value itself is left out: it may be private.
    package func decodingError(_ typeName: String) -> PostgresError {
        guard exists else { return .decoding("no column \(column) in the row") }
        if text == nil { return .decoding("column \(column) is NULL, expected \(typeName)") }
        return .decoding("column \(column) (\(type)) is not a valid \(typeName)")
    }

    /// The elements of a one-dimensional array column, each converted by `convert`; NULL elements and
    /// unconvertible elements throw.
    package func arrayElements<Element>(
        as typeName: String, _ convert: (String) -> Element?
    ) throws(PostgresError) -> [Element] {
        guard let text, let elements = PostgresArrayText.parse(text) else { throw decodingError(typeName) }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for element in elements {
            guard let element, let converted = convert(element) else { throw decodingError(typeName) }
            result.append(converted)
        }
        return result
    }
}
