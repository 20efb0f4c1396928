/// The isolation level a transaction starts with.
package enum PostgresIsolation: Sendable, CaseIterable {
    /// Each statement sees rows committed before it began (PostgreSQL's default).
    case readCommitted
    /// The whole transaction sees one snapshot; a concurrent update of a row it updates fails with 40001.
    case repeatableRead
    /// As if transactions ran one at a time; conflicts fail with 40001 and are retried by `withTransaction`.
    case serializable

    /// The `BEGIN` statement for this level.
    var beginStatement: PostgresQuery {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
