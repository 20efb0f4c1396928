/// Dotted metadata keys of this module's log lines.
enum PostgresLogKeys {
    /// The server process of a session.
    static let backendPID = "pg.backend_pid"
    /// The SQLSTATE of a failure.
    static let sqlState = "pg.sqlstate"
    /// The `PostgresError.Code` of a failure.
    static let errorCode = "pg.error"
    /// libpq's or the server's message for a failure that carries no data (connection failures).
    static let errorMessage = "pg.error.message"
    /// The pause before the next attempt.
    static let retryDelay = "pg.retry_delay"
    /// `host:port/dbname` (never the URL, which may hold a password).
    static let target = "pg.target"
    /// The pool's name.
    static let pool = "pg.pool"
    /// A migration's schema.
    static let schema = "pg.schema"
    /// A migration's version.
    static let migration = "pg.migration"
    /// A migration's name.
    static let migrationName = "pg.migration.name"
    /// Applied migration versions this build does not know.
    static let unknownMigrations = "pg.migrations.unknown"
    /// A LISTEN channel.
    static let channel = "pg.channel"
    /// How many times a transaction has been attempted.
    static let attempt = "pg.attempt"
}
