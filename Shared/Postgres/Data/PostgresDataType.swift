/// A PostgreSQL type OID, as sent with a parameter and reported for a result column.
///
/// Only the types this module encodes or decodes are named; any other OID is carried through unchanged.
package struct PostgresDataType: Hashable, Sendable, CustomStringConvertible {
    /// The OID from `pg_type`.
    package let oid: UInt32

    /// A type by OID.
    package init(oid: UInt32) { self.oid = oid }

    /// Lets the server infer the parameter's type from context.
    package static let unspecified = PostgresDataType(oid: 0)
    /// `bool`.
    package static let bool = PostgresDataType(oid: 16)
    /// `bytea`.
    package static let bytea = PostgresDataType(oid: 17)
    /// `int8` (bigint).
    package static let int8 = PostgresDataType(oid: 20)
    /// `int2` (smallint).
    package static let int2 = PostgresDataType(oid: 21)
    /// `int4` (integer).
    package static let int4 = PostgresDataType(oid: 23)
    /// `text`.
    package static let text = PostgresDataType(oid: 25)
    /// `json`.
    package static let json = PostgresDataType(oid: 114)
    /// `float4` (real).
    package static let float4 = PostgresDataType(oid: 700)
    /// `float8` (double precision).
    package static let float8 = PostgresDataType(oid: 701)
    /// `varchar`.
    package static let varchar = PostgresDataType(oid: 1043)
    /// `date`.
    package static let date = PostgresDataType(oid: 1082)
    /// `timestamp` (without time zone).
    package static let timestamp = PostgresDataType(oid: 1114)
    /// `timestamptz`.
    package static let timestamptz = PostgresDataType(oid: 1184)
    /// `numeric`.
    package static let numeric = PostgresDataType(oid: 1700)
    /// `uuid`.
    package static let uuid = PostgresDataType(oid: 2950)
    /// `jsonb`.
    package static let jsonb = PostgresDataType(oid: 3802)
    /// `int8[]`.
    package static let int8Array = PostgresDataType(oid: 1016)
    /// `text[]`.
    package static let textArray = PostgresDataType(oid: 1009)
    /// `uuid[]`.
    package static let uuidArray = PostgresDataType(oid: 2951)
    /// `float8[]`.
    package static let float8Array = PostgresDataType(oid: 1022)
    /// `timestamptz[]`.
    package static let timestamptzArray = PostgresDataType(oid: 1185)

    /// `oid <n>`.
    package var description: String { "oid \(oid)" }
}
