/// One schema change: plain SQL applied once, in version order, and recorded in `<schema>.schema_migrations`.
package struct Migration: Sendable, Equatable {
    /// The position in the order of migrations; unique and positive.
    package let version: Int
    /// A short name. Once applied it must not change: the migrator refuses to start if it did, since the
    /// database would then not hold what the code thinks it holds.
    package let name: String
    /// The SQL. It may hold several statements; it runs inside the migrator's transaction with `search_path`
    /// set to the schema, so it must not contain `BEGIN`/`COMMIT` or `CREATE INDEX CONCURRENTLY`.
    package let sql: String

    /// Migration number `version` called `name`.
    package init(_ version: Int, _ name: String, _ sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
