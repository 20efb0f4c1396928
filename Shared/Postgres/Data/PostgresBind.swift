/// One statement parameter: its type and its value in the form libpq sends.
package struct PostgresBind: Sendable, Hashable {
    /// How the value travels: NULL, text format, or raw bytes (binary format, used for `bytea`).
    package enum Value: Sendable, Hashable {
        /// SQL NULL.
        case null
        /// The text form PostgreSQL parses for the parameter's type. Must not contain a NUL character.
        case text(String)
        /// The binary form; only `bytea` uses it, so zero bytes survive unchanged.
        case binary([UInt8])
    }

    /// The parameter's type, sent so the server does not have to guess it from context.
    package var type: PostgresDataType
    /// The value.
    package var value: Value

    /// A parameter of `type` holding `value`.
    package init(type: PostgresDataType, value: Value) {
        self.type = type
        self.value = value
    }

    /// A NULL of `type`.
    package static func null(_ type: PostgresDataType) -> PostgresBind { PostgresBind(type: type, value: .null) }
}

/// A Swift value that can be a statement parameter, as `\(value)` inside a `PostgresQuery`.
///
/// Conforming types: `String`, `Substring`, `Int`, `Int64`, `Int32`, `Int16`, `Double`, `Float`, `Bool`, `UUID`,
/// `Date` (timestamptz), `Decimal` (numeric), `[UInt8]` and `Data` (bytea), `[String]` (text[]), `[UUID]` (uuid[]),
/// `[Int]`/`[Int64]` (int8[]), `PostgresJSON` (jsonb), and any `Optional` of these (`nil` is NULL).
package protocol PostgresBindable: Sendable {
    /// The type sent with the value, and with NULL when the value is an `Optional`'s `nil`.
    static var postgresType: PostgresDataType { get }
    /// The parameter this value becomes.
    var postgresBind: PostgresBind { get }
}

extension Optional: PostgresBindable where Wrapped: PostgresBindable {
    /// The wrapped type's type, so a NULL still carries a concrete type (`uuid`, not `text`).
    package static var postgresType: PostgresDataType { Wrapped.postgresType }
    /// The wrapped value's parameter, or a typed NULL.
    package var postgresBind: PostgresBind { self?.postgresBind ?? .null(Wrapped.postgresType) }
}
