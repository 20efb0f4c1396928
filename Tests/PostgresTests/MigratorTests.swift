import Foundation
import Postgres
import Testing

extension PostgresIntegrationTests {
    @Suite("Migrator") struct MigratorTests {
        private let base = [
            Migration(1, "create_items", "CREATE TABLE items (id bigint PRIMARY KEY, name text NOT NULL);"),
            Migration(
                2, "seed_items",
                "INSERT INTO items VALUES (1, 'first'); CREATE INDEX items_name ON items (name);"),
        ]

        /// A schema name no other run uses, dropped when `body` ends.
        private func withFreshSchema(_ body: (PostgresPool, String) async throws -> Void) async throws {
            let pool = TestPostgres.pool("migrate")
            let schema = TestPostgres.uniqueName("migrate")
            do {
                try await body(pool, schema)
            } catch {
                await TestPostgres.dropSchema(schema)
                await pool.close()
                throw error
            }
            await TestPostgres.dropSchema(schema)
            await pool.close()
        }

        private func applied(_ pool: PostgresPool, _ schema: String) async throws -> [(Int, String, Date)] {
            try await pool.query(
                "SELECT version, name, applied_at FROM \(unsafeSQL: schema).schema_migrations ORDER BY version"
            ).map { (try $0.decode("version"), try $0.decode("name"), try $0.decode("applied_at")) }
        }

        @Test func appliesEachMigrationOnceAndIsIdempotent() async throws {
            try await withFreshSchema { pool, schema in
                try await Migrator.migrate(pool, schema: schema, migrations: base, logger: TestPostgres.logger)
                let first = try await applied(pool, schema)
                #expect(first.map(\.0) == [1, 2])
                #expect(first.map(\.1) == ["create_items", "seed_items"])
                try await Migrator.migrate(
                    pool, schema: schema, migrations: base.reversed(), logger: TestPostgres.logger)
                let second = try await applied(pool, schema)
                #expect(second.map(\.2) == first.map(\.2), "nothing was applied again")
                let items = try await pool.query("SELECT count(*) AS n FROM \(unsafeSQL: schema).items")
                #expect(try items[0].decode("n", as: Int.self) == 1)

                let third = base + [Migration(3, "add_price", "ALTER TABLE items ADD COLUMN price numeric;")]
                try await Migrator.migrate(pool, schema: schema, migrations: third, logger: TestPostgres.logger)
                #expect(try await applied(pool, schema).map(\.0) == [1, 2, 3])
                try await pool.execute("UPDATE \(unsafeSQL: schema).items SET price = \(Decimal(string: "1.5")!)")
            }
        }

        @Test func refusesToStartWhenAnAppliedMigrationWasRenamed() async throws {
            try await withFreshSchema { pool, schema in
                try await Migrator.migrate(pool, schema: schema, migrations: base, logger: TestPostgres.logger)
                let renamed = [base[0], Migration(2, "seed_more_items", base[1].sql)]
                do {
                    try await Migrator.migrate(pool, schema: schema, migrations: renamed, logger: TestPostgres.logger)
                    Issue.record("a renamed migration was accepted")
                } catch let error as PostgresError {
                    #expect(error.code == .invalidConfiguration)
                    #expect(error.message.contains("seed_items"))
                }
            }
        }

        @Test func aFailingMigrationRollsBackAndIsNotRecorded() async throws {
            try await withFreshSchema { pool, schema in
                let broken =
                    base + [
                        Migration(3, "half_done", "CREATE TABLE extra (id int); INSERT INTO missing_table VALUES (1);")
                    ]
                await #expect(throws: PostgresError.self) {
                    try await Migrator.migrate(pool, schema: schema, migrations: broken, logger: TestPostgres.logger)
                }
                #expect(try await applied(pool, schema).map(\.0) == [1, 2])
                let extra = try await pool.query("SELECT to_regclass(\(schema + ".extra"))::text AS t")
                #expect(extra[0]["t"].isNull, "the failed migration's first statement was rolled back too")
            }
        }

        @Test func concurrentMigratorsApplyEachMigrationExactlyOnce() async throws {
            try await withFreshSchema { _, schema in
                let pools = (0..<4).map { _ in TestPostgres.pool("migrate-replica") }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for pool in pools {
                        group.addTask {
                            try await Migrator.migrate(
                                pool, schema: schema, migrations: base, logger: TestPostgres.logger)
                        }
                    }
                    try await group.waitForAll()
                }
                let items = try await pools[0].query("SELECT count(*) AS n FROM \(unsafeSQL: schema).items")
                #expect(try items[0].decode("n", as: Int.self) == 1, "the seed ran once")
                #expect(try await applied(pools[0], schema).map(\.0) == [1, 2])
                for pool in pools { await pool.close() }
            }
        }

        @Test func rejectsUnsafeSchemaNamesAndDuplicateVersions() async throws {
            let pool = TestPostgres.pool("migrate-invalid")
            for schema in ["", "Public", "a-b", "x; DROP SCHEMA public", "1abc", String(repeating: "a", count: 64)] {
                await #expect(throws: PostgresError.self, "\(schema)") {
                    try await Migrator.migrate(pool, schema: schema, migrations: base, logger: TestPostgres.logger)
                }
            }
            await #expect(throws: PostgresError.self) {
                try await Migrator.migrate(
                    pool, schema: TestPostgres.uniqueName("dup"), migrations: [base[0], Migration(1, "again", "")],
                    logger: TestPostgres.logger)
            }
            await pool.close()
        }
    }
}
