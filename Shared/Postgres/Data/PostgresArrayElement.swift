import Foundation

/// An element type whose arrays are statement parameters and decodable values.
///
/// A protocol on the element, not several conditional conformances of `Array`, because Swift allows only one
/// conformance of `Array` to `PostgresBindable`: `[UInt8]` is `bytea`, `[String]` is `text[]`, and so on.
package protocol PostgresArrayElement: Sendable {
    /// The type of an array of `Self`.
    static var postgresArrayType: PostgresDataType { get }
    /// The parameter for `elements`.
    static func postgresArrayBind(_ elements: [Self]) -> PostgresBind
    /// Decodes an array of `Self` from `cell` (not NULL).
    static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [Self]
}

extension UInt8: PostgresArrayElement {
    /// `bytea`: an array of bytes is binary data, not `int2[]`.
    package static var postgresArrayType: PostgresDataType { .bytea }
    /// The bytes, in binary format so zero bytes survive.
    package static func postgresArrayBind(_ elements: [UInt8]) -> PostgresBind {
        PostgresBind(type: .bytea, value: .binary(elements))
    }
    /// The `bytea` value's bytes.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [UInt8] {
        guard let bytes = cell.bytes else { throw cell.decodingError("bytes") }
        return bytes
    }
}

extension String: PostgresArrayElement {
    /// `text[]`.
    package static var postgresArrayType: PostgresDataType { .textArray }
    /// An array literal with every element quoted, so commas, braces, quotes and the word NULL stay data.
    package static func postgresArrayBind(_ elements: [String]) -> PostgresBind {
        PostgresBind(type: .textArray, value: .text(PostgresArrayText.format(elements)))
    }
    /// The elements of a one-dimensional array; a NULL element is an error (decode `[String?]` is not offered).
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [String] {
        try cell.arrayElements(as: "[String]") { $0 }
    }
}

extension UUID: PostgresArrayElement {
    /// `uuid[]`.
    package static var postgresArrayType: PostgresDataType { .uuidArray }
    /// An array literal of canonical UUIDs.
    package static func postgresArrayBind(_ elements: [UUID]) -> PostgresBind {
        PostgresBind(
            type: .uuidArray, value: .text(PostgresArrayText.format(elements.map { $0.uuidString.lowercased() })))
    }
    /// The elements of a `uuid[]`.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [UUID] {
        try cell.arrayElements(as: "[UUID]") { UUID(uuidString: $0) }
    }
}

extension Int: PostgresArrayElement {
    /// `int8[]`.
    package static var postgresArrayType: PostgresDataType { .int8Array }
    /// An array literal of decimal integers.
    package static func postgresArrayBind(_ elements: [Int]) -> PostgresBind {
        PostgresBind(type: .int8Array, value: .text(PostgresArrayText.format(elements.map { String($0) })))
    }
    /// The elements of an integer array.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [Int] {
        try cell.arrayElements(as: "[Int]") { Int($0) }
    }
}

extension Int64: PostgresArrayElement {
    /// `int8[]`.
    package static var postgresArrayType: PostgresDataType { .int8Array }
    /// An array literal of decimal integers.
    package static func postgresArrayBind(_ elements: [Int64]) -> PostgresBind {
        PostgresBind(type: .int8Array, value: .text(PostgresArrayText.format(elements.map { String($0) })))
    }
    /// The elements of an integer array.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [Int64] {
        try cell.arrayElements(as: "[Int64]") { Int64($0) }
    }
}

extension Double: PostgresArrayElement {
    /// `float8[]`.
    package static var postgresArrayType: PostgresDataType { .float8Array }
    /// An array literal of the shortest texts that read back as the same values.
    package static func postgresArrayBind(_ elements: [Double]) -> PostgresBind {
        PostgresBind(type: .float8Array, value: .text(PostgresArrayText.format(elements.map(PostgresFloatText.format))))
    }
    /// The elements of a `float8[]`.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [Double] {
        try cell.arrayElements(as: "[Double]") { PostgresFloatText.parse($0) }
    }
}

extension Date: PostgresArrayElement {
    /// `timestamptz[]`.
    package static var postgresArrayType: PostgresDataType { .timestamptzArray }
    /// An array literal of ISO 8601 times in UTC with microseconds.
    package static func postgresArrayBind(_ elements: [Date]) -> PostgresBind {
        PostgresBind(
            type: .timestamptzArray, value: .text(PostgresArrayText.format(elements.map(PostgresTimestampText.format))))
    }
    /// The elements of a `timestamptz[]`.
    package static func decodePostgresArray(from cell: PostgresCell) throws(PostgresError) -> [Date] {
        try cell.arrayElements(as: "[Date]") { PostgresTimestampText.parse($0) }
    }
}
