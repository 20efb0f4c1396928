import HordeCore

/// Brings a service's schema up to date at start-up.
///
/// Each service owns one schema. The migrator creates it (and `<schema>.schema_migrations(version, name,
/// applied_at)`) if needed, then applies every migration not yet recorded, in version order, each in its own
/// transaction together with its record. Every transaction first takes a transaction-scoped advisory lock keyed
/// by the schema, so replicas starting together apply each migration exactly once: the others wait, then see it
/// recorded and skip it.
package enum Migrator {
    /// Applies the pending `migrations` to `schema`. Throws if a migration that was applied has since been
    /// renamed, or if the schema name or migration list is invalid; a failing migration rolls back and throws.
    package static func migrate(
        _ pool: PostgresPool, schema: String, migrations: [Migration], logger: Logger
    ) async throws {
        try validate(schema: schema, migrations: migrations)
        let logger = logger.with(PostgresLogKeys.schema, schema)
        let ordered = migrations.sorted { $0.version < $1.version }
        let lock = Int64(bitPattern: FNV1a.hash("horde.migrations." + schema))
        let table = "\"\(schema)\".schema_migrations"

        let applied = try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(lock))")
            try await connection.execute("CREATE SCHEMA IF NOT EXISTS \(unsafeSQL: "\"\(schema)\"")")
            try await connection.execute(
                """
                CREATE TABLE IF NOT EXISTS \(unsafeSQL: table) (
                    version bigint PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            var applied: [Int: String] = [:]
            for row in try await connection.query("SELECT version, name FROM \(unsafeSQL: table)") {
                applied[try row.decode("version", as: Int.self)] = try row.decode("name", as: String.self)
            }
            return applied
        }
        for migration in ordered {
            if let name = applied[migration.version] { try checkName(name, of: migration, schema: schema) }
        }
        let known = Set(ordered.map(\.version))
        let unknown = applied.keys.filter { !known.contains($0) }.sorted()
        if !unknown.isEmpty {
            logger.info(
                "schema has migrations this build does not know",
                [PostgresLogKeys.unknownMigrations: unknown.map(String.init).joined(separator: ",")])
        }

        for migration in ordered where applied[migration.version] == nil {
            let ran = try await pool.withTransaction { connection in
                try await connection.execute("SELECT pg_advisory_xact_lock(\(lock))")
                let existing = try await connection.query(
                    "SELECT name FROM \(unsafeSQL: table) WHERE version = \(migration.version)")
                if let row = existing.first {
                    try checkName(try row.decode("name", as: String.self), of: migration, schema: schema)
                    return false
                }
                try await connection.execute("SET LOCAL search_path TO \(unsafeSQL: "\"\(schema)\""), public")
                _ = try await connection.executeScript(migration.sql)
                try await connection.execute(
                    "INSERT INTO \(unsafeSQL: table) (version, name) VALUES (\(migration.version), \(migration.name))")
                return true
            }
            if ran {
                logger.info(
                    "migration applied",
                    [
                        PostgresLogKeys.migration: String(migration.version),
                        PostgresLogKeys.migrationName: migration.name,
                    ])
            }
        }
    }

    /// Schema names are spliced into SQL, so only plain lower-case identifiers are accepted.
    static func validate(schema: String, migrations: [Migration]) throws(PostgresError) {
        let allowed = schema.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "_")
        }
        guard allowed, let first = schema.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            schema.utf8.count <= 63
        else {
            throw PostgresError(
                .invalidConfiguration, message: "schema name must match [a-z_][a-z0-9_]{0,62}: \(schema)")
        }
        var seen: Set<Int> = []
        for migration in migrations {
            guard migration.version > 0, !migration.name.isEmpty, seen.insert(migration.version).inserted else {
                throw PostgresError(
                    .invalidConfiguration,
                    message: "migration \(migration.version) of \(schema): versions must be positive and unique, "
                        + "names non-empty")
            }
        }
    }

    private static func checkName(_ applied: String, of migration: Migration, schema: String) throws(PostgresError) {
        guard applied == migration.name else {
            throw PostgresError(
                .invalidConfiguration,
                message: "migration \(migration.version) of \(schema) was applied as '\(applied)' "
                    + "but is now named '\(migration.name)'")
        }
    }
}
