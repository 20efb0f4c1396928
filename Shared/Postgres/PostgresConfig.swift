import HordeCore

/// How to reach PostgreSQL and how large the pool may grow.
package struct PostgresConfig: Sendable {
    /// A `postgresql://` URI or a libpq `key=value` string. Default: `postgresql://horde@127.0.0.1:5432/horde`
    /// (`HORDE_POSTGRES_URL`).
    package var url: String = "postgresql://horde@127.0.0.1:5432/horde"
    /// Connections opened at start and kept open however idle. Default: 1 (`HORDE_POSTGRES_MIN_CONNECTIONS`).
    package var minConnections: Int = 1
    /// The most connections open at once; more users wait in line. Default: 10 (`HORDE_POSTGRES_POOL_SIZE`).
    package var maxConnections: Int = 10
    /// How long opening one connection may take (libpq's `connect_timeout`, whole seconds, at least 2).
    /// Default: 5 s (`HORDE_POSTGRES_CONNECT_TIMEOUT`).
    package var connectTimeout: Duration = .seconds(5)
    /// The server cancels any statement running longer (`statement_timeout`); zero disables it.
    /// Default: 30 s (`HORDE_POSTGRES_STATEMENT_TIMEOUT`).
    package var statementTimeout: Duration = .seconds(30)
    /// Idle connections above `minConnections` are closed after this long. Default: 60 s
    /// (`HORDE_POSTGRES_IDLE_TIMEOUT`).
    package var idleTimeout: Duration = .seconds(60)
    /// Shown in `pg_stat_activity.application_name` and used as the `pool` label of the pool's metrics.
    /// Default: `horde` (`HORDE_POSTGRES_APPLICATION_NAME`).
    package var applicationName: String = "horde"
    /// How many statements each session prepares on its own and keeps (see `PQStatementCache`); 0 sends every
    /// statement as text, for a pooler that cannot keep prepared statements (PgBouncer in transaction mode).
    /// Default: 256 (`HORDE_POSTGRES_PREPARED_STATEMENTS`).
    package var preparedStatements: Int = 256

    /// The defaults, with `url`.
    package init(url: String = "postgresql://horde@127.0.0.1:5432/horde") {
        self.url = url
    }

    /// Reads `HORDE_POSTGRES_*`. Throws `ConfigError` for a value that cannot be parsed, and
    /// `PostgresError.invalidConfiguration` for sizes out of range or a URL libpq cannot read.
    package static func fromEnvironment(_ env: Environment = .init()) throws -> PostgresConfig {
        var config = PostgresConfig(url: env.string("HORDE_POSTGRES_URL", default: PostgresConfig().url))
        config.maxConnections = try env.int("HORDE_POSTGRES_POOL_SIZE", default: config.maxConnections)
        config.minConnections = try env.int("HORDE_POSTGRES_MIN_CONNECTIONS", default: config.minConnections)
        config.connectTimeout = try env.duration("HORDE_POSTGRES_CONNECT_TIMEOUT", default: config.connectTimeout)
        config.statementTimeout = try env.duration("HORDE_POSTGRES_STATEMENT_TIMEOUT", default: config.statementTimeout)
        config.idleTimeout = try env.duration("HORDE_POSTGRES_IDLE_TIMEOUT", default: config.idleTimeout)
        config.applicationName = env.string("HORDE_POSTGRES_APPLICATION_NAME", default: config.applicationName)
        config.preparedStatements = try env.int("HORDE_POSTGRES_PREPARED_STATEMENTS", default: config.preparedStatements)
        guard config.preparedStatements >= 0 else {
            throw PostgresError(.invalidConfiguration, message: "HORDE_POSTGRES_PREPARED_STATEMENTS must be 0 or more")
        }
        guard config.maxConnections >= 1 else {
            throw PostgresError(.invalidConfiguration, message: "HORDE_POSTGRES_POOL_SIZE must be at least 1")
        }
        guard (0...config.maxConnections).contains(config.minConnections) else {
            throw PostgresError(
                .invalidConfiguration,
                message: "HORDE_POSTGRES_MIN_CONNECTIONS must be between 0 and HORDE_POSTGRES_POOL_SIZE")
        }
        // The URL is not repeated in the error: it may hold a password.
        _ = try config.connectionParameters()
        return config
    }
}
