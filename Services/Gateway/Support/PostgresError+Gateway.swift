import Postgres

extension Error {
    /// True when a query failed because a table does not exist yet: another service's schema that has not been
    /// migrated (a fresh stack), read as empty rather than failing the call.
    var isUndefinedTable: Bool { (self as? PostgresError)?.sqlState == "42P01" }
}
