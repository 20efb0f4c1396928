import Foundation

/// A Swift type a cell can be decoded as: `try row.decode("col", as: Int.self)`.
///
/// `Optional` of any conforming type decodes NULL as nil; the non-optional types throw on NULL.
package protocol PostgresDecodable: Sendable {
    /// Decodes `cell` (which exists, and may be NULL).
    static func decode(from cell: PostgresCell) throws(PostgresError) -> Self
}

extension PostgresCell {
    /// `accessor`'s value, or the decoding error for `T`.
    fileprivate func required<T>(_ value: T?, _ typeName: String = "\(T.self)") throws(PostgresError) -> T {
        guard let value else { throw decodingError(typeName) }
        return value
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    /// nil for NULL, otherwise the wrapped type's decoding.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Wrapped? {
        cell.isNull ? nil : try Wrapped.decode(from: cell)
    }
}

extension String: PostgresDecodable {
    /// The text of any non-NULL column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> String {
        try cell.required(cell.string)
    }
}

extension Int: PostgresDecodable {
    /// An integer column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Int { try cell.required(cell.int) }
}

extension Int64: PostgresDecodable {
    /// An integer column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Int64 { try cell.required(cell.int64) }
}

extension Int32: PostgresDecodable {
    /// An integer column whose value fits in 32 bits.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Int32 { try cell.required(cell.int32) }
}

extension Double: PostgresDecodable {
    /// A floating-point, `numeric` or integer column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Double {
        try cell.required(cell.double)
    }
}

extension Bool: PostgresDecodable {
    /// A `bool` column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Bool { try cell.required(cell.bool) }
}

extension UUID: PostgresDecodable {
    /// A `uuid` column (or text holding a UUID).
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> UUID { try cell.required(cell.uuid) }
}

extension Date: PostgresDecodable {
    /// A `timestamptz`, `timestamp` or `date` column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Date { try cell.required(cell.date) }
}

extension Decimal: PostgresDecodable {
    /// A `numeric` or integer column, exactly.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Decimal {
        try cell.required(cell.decimal)
    }
}

extension Data: PostgresDecodable {
    /// A `bytea` column.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> Data {
        Data(try cell.required(cell.bytes, "bytes"))
    }
}

extension PostgresJSON: PostgresDecodable {
    /// A `json` or `jsonb` column's text.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> PostgresJSON {
        try cell.required(cell.json, "JSON")
    }
}

extension Array: PostgresDecodable where Element: PostgresArrayElement {
    /// `[UInt8]` from `bytea`; `[String]`, `[UUID]`, `[Int]`, `[Int64]` from one-dimensional arrays.
    package static func decode(from cell: PostgresCell) throws(PostgresError) -> [Element] {
        guard !cell.isNull else { throw cell.decodingError("\([Element].self)") }
        return try Element.decodePostgresArray(from: cell)
    }
}
