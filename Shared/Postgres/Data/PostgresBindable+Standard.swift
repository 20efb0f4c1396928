import Foundation

extension String: PostgresBindable {
    /// `text`. Cast in SQL (`\(id)::uuid`) when a column has another type that has no implicit cast from text.
    package static var postgresType: PostgresDataType { .text }
    /// The string itself.
    package var postgresBind: PostgresBind { PostgresBind(type: .text, value: .text(self)) }
}

extension Substring: PostgresBindable {
    /// `text`.
    package static var postgresType: PostgresDataType { .text }
    /// The substring as text.
    package var postgresBind: PostgresBind { PostgresBind(type: .text, value: .text(String(self))) }
}

extension Int: PostgresBindable {
    /// `int8`; the server casts it to `int4`/`int2` on assignment and compares across integer widths.
    package static var postgresType: PostgresDataType { .int8 }
    /// Decimal digits.
    package var postgresBind: PostgresBind { PostgresBind(type: .int8, value: .text(String(self))) }
}

extension Int64: PostgresBindable {
    /// `int8`.
    package static var postgresType: PostgresDataType { .int8 }
    /// Decimal digits.
    package var postgresBind: PostgresBind { PostgresBind(type: .int8, value: .text(String(self))) }
}

extension Int32: PostgresBindable {
    /// `int4`.
    package static var postgresType: PostgresDataType { .int4 }
    /// Decimal digits.
    package var postgresBind: PostgresBind { PostgresBind(type: .int4, value: .text(String(self))) }
}

extension Int16: PostgresBindable {
    /// `int2`.
    package static var postgresType: PostgresDataType { .int2 }
    /// Decimal digits.
    package var postgresBind: PostgresBind { PostgresBind(type: .int2, value: .text(String(self))) }
}

extension Double: PostgresBindable {
    /// `float8`.
    package static var postgresType: PostgresDataType { .float8 }
    /// The shortest text that reads back as the same value; `Infinity`, `-Infinity` and `NaN` as PostgreSQL
    /// spells them.
    package var postgresBind: PostgresBind { PostgresBind(type: .float8, value: .text(PostgresFloatText.format(self))) }
}

extension Float: PostgresBindable {
    /// `float4`.
    package static var postgresType: PostgresDataType { .float4 }
    /// The shortest text that reads back as the same value.
    package var postgresBind: PostgresBind {
        PostgresBind(type: .float4, value: .text(PostgresFloatText.format(Double(self))))
    }
}

extension Bool: PostgresBindable {
    /// `bool`.
    package static var postgresType: PostgresDataType { .bool }
    /// `t` or `f`.
    package var postgresBind: PostgresBind { PostgresBind(type: .bool, value: .text(self ? "t" : "f")) }
}

extension UUID: PostgresBindable {
    /// `uuid`.
    package static var postgresType: PostgresDataType { .uuid }
    /// The canonical lower-case form.
    package var postgresBind: PostgresBind { PostgresBind(type: .uuid, value: .text(uuidString.lowercased())) }
}

extension Date: PostgresBindable {
    /// `timestamptz`, to the microsecond (PostgreSQL's resolution).
    package static var postgresType: PostgresDataType { .timestamptz }
    /// ISO 8601 in UTC with microseconds.
    package var postgresBind: PostgresBind {
        PostgresBind(type: .timestamptz, value: .text(PostgresTimestampText.format(self)))
    }
}

extension Decimal: PostgresBindable {
    /// `numeric`, exact (kudos amounts, prices).
    package static var postgresType: PostgresDataType { .numeric }
    /// The decimal's plain text form (`NaN` for a NaN decimal).
    package var postgresBind: PostgresBind {
        PostgresBind(type: .numeric, value: .text(isNaN ? "NaN" : description))
    }
}

extension Data: PostgresBindable {
    /// `bytea`.
    package static var postgresType: PostgresDataType { .bytea }
    /// The bytes, sent in binary format.
    package var postgresBind: PostgresBind { PostgresBind(type: .bytea, value: .binary([UInt8](self))) }
}

extension Array: PostgresBindable where Element: PostgresArrayElement {
    /// The type `Element` picks for an array of itself (`bytea` for bytes, `text[]` for strings, …).
    package static var postgresType: PostgresDataType { Element.postgresArrayType }
    /// The array's parameter as `Element` encodes it.
    package var postgresBind: PostgresBind { Element.postgresArrayBind(self) }
}
