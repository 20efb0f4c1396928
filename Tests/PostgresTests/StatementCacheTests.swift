import Foundation
import Postgres
import Testing

@Suite struct StatementCacheTests {
    private let select = PQStatementCache.Key(sql: "SELECT $1::int AS v", types: [23])

    @Test func aStatementIsPreparedOnItsSecondUseAndRunByNameAfter() {
        var cache = PQStatementCache()
        #expect(cache.plan(for: select) == .unprepared)
        guard case .prepare(let name) = cache.plan(for: select) else {
            Issue.record("the second use did not prepare")
            return
        }
        cache.prepared(select, as: name)
        #expect(cache.plan(for: select) == .run(name))
        #expect(cache.plan(for: select) == .run(name))
    }

    @Test func otherParameterTypesMakeAnotherStatement() {
        var cache = PQStatementCache()
        let asText = PQStatementCache.Key(sql: select.sql, types: [25])
        _ = cache.plan(for: select)
        #expect(cache.plan(for: asText) == .unprepared)
    }

    @Test func aPrepareTheServerRefusedIsNotRemembered() {
        var cache = PQStatementCache()
        _ = cache.plan(for: select)
        guard case .prepare = cache.plan(for: select) else {
            Issue.record("the second use did not prepare")
            return
        }
        // No `prepared(_:as:)`: the statement starts over as never seen.
        #expect(cache.plan(for: select) == .unprepared)
        #expect(cache.count == 0)
    }

    @Test func aForgottenStatementIsPreparedAgainUnderANewName() {
        var cache = PQStatementCache()
        _ = cache.plan(for: select)
        guard case .prepare(let first) = cache.plan(for: select) else { return }
        cache.prepared(select, as: first)
        cache.forget(select)
        _ = cache.plan(for: select)
        guard case .prepare(let second) = cache.plan(for: select) else {
            Issue.record("a forgotten statement was not prepared again")
            return
        }
        #expect(second != first)
    }

    @Test func theCacheSaysWhenItIsFullAndEmptiesOnRequest() {
        var cache = PQStatementCache(capacity: 2)
        for index in 0..<2 {
            let key = PQStatementCache.Key(sql: "SELECT \(index) + $1::int", types: [23])
            _ = cache.plan(for: key)
            guard case .prepare(let name) = cache.plan(for: key) else { return }
            cache.prepared(key, as: name)
        }
        #expect(cache.isFull)
        cache.forgetAll()
        #expect(!cache.isFull && cache.count == 0)
    }

    @Test func aCacheOfNoCapacityPreparesNothing() {
        var cache = PQStatementCache(capacity: 0)
        for _ in 0..<3 { #expect(cache.plan(for: select) == .unprepared) }
    }

    @Test func sightingsAreBounded() {
        var cache = PQStatementCache(capacity: 4, sightingCapacity: 3)
        for index in 0..<10 {
            #expect(cache.plan(for: PQStatementCache.Key(sql: "SELECT \(index)", types: [23])) == .unprepared)
        }
        // The memory of single sightings was emptied on the way: an early statement counts as new again.
        #expect(cache.plan(for: PQStatementCache.Key(sql: "SELECT 0", types: [23])) == .unprepared)
    }
}

extension PostgresIntegrationTests {
    @Suite("Statements run by name") struct StatementsRunByNameTests {
        @Test func aRepeatedStatementIsPreparedOnceAndAnswersAsBefore() async throws {
            let pool = TestPostgres.pool("autoprepare") { $0.maxConnections = 1 }
            for value in 1...4 {
                let rows = try await pool.query("SELECT \(value)::int + 1 AS v, 'autoprepare-probe' AS tag")
                #expect(try rows[0].decode("v", as: Int.self) == value + 1)
            }
            let prepared = try await pool.query(
                """
                SELECT name FROM pg_prepared_statements
                WHERE statement LIKE '%autoprepare-probe%' AND statement NOT LIKE '%pg_prepared_statements%'
                """)
            #expect(prepared.count == 1)
            #expect(try prepared.first?.decode("name", as: String.self).hasPrefix("horde_auto_") == true)
            await pool.close()
        }

        @Test func withPreparationOffEveryStatementIsSentAsText() async throws {
            let pool = TestPostgres.pool("autoprepare_off") {
                $0.maxConnections = 1
                $0.preparedStatements = 0
            }
            for value in 1...3 {
                #expect(try await pool.query("SELECT \(value)::int AS v, 'text-only-probe' AS tag")[0].decode("v", as: Int.self) == value)
            }
            let prepared = try await pool.query(
                """
                SELECT count(*)::int AS n FROM pg_prepared_statements
                WHERE statement LIKE '%text-only-probe%' AND statement NOT LIKE '%pg_prepared_statements%'
                """)
            #expect(try prepared[0].decode("n", as: Int.self) == 0)
            await pool.close()
        }

        @Test func aColumnAddedUnderAPreparedStatementShowsUpInItsRows() async throws {
            try await TestPostgres.withSchema("autoprepare_ddl", configure: { $0.maxConnections = 1 }) { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).items (id int PRIMARY KEY)")
                try await pool.execute("INSERT INTO \(unsafeSQL: schema).items VALUES (\(1))")
                for _ in 0..<3 {
                    let rows = try await pool.query("SELECT * FROM \(unsafeSQL: schema).items WHERE id = \(1)")
                    #expect(rows.count == 1)
                }
                try await pool.execute("ALTER TABLE \(unsafeSQL: schema).items ADD COLUMN label text DEFAULT 'new'")
                let rows = try await pool.query("SELECT * FROM \(unsafeSQL: schema).items WHERE id = \(1)")
                #expect(try rows.first?.decode("label", as: String.self) == "new")
            }
        }

        @Test func statementsDroppedBehindTheCacheAreRunAgain() async throws {
            let pool = TestPostgres.pool("autoprepare_drop") { $0.maxConnections = 1 }
            for value in 1...3 { #expect(try await pool.query("SELECT \(value)::int AS v")[0].decode("v", as: Int.self) == value) }
            try await pool.execute("DEALLOCATE ALL")
            #expect(try await pool.query("SELECT \(9)::int AS v")[0].decode("v", as: Int.self) == 9)
            #expect(try await pool.query("SELECT \(10)::int AS v")[0].decode("v", as: Int.self) == 10)
            await pool.close()
        }

        @Test func preparedStatementsInsideATransactionCommitAndRollBackAsText() async throws {
            try await TestPostgres.withSchema("autoprepare_tx", configure: { $0.maxConnections = 1 }) { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).counts (id int PRIMARY KEY, n int)")
                try await pool.withTransaction { connection in
                    for id in 1...3 {
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).counts VALUES (\(id), \(id * 10))")
                    }
                }
                struct Rollback: Error {}
                await #expect(throws: Rollback.self) {
                    try await pool.withTransaction { connection in
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).counts VALUES (\(4), \(40))")
                        throw Rollback()
                    }
                }
                // A failing prepared statement in a block fails the block, and the session recovers after it.
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction { connection in
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).counts VALUES (\(1), \(0))")
                    }
                }
                let total = try await pool.query("SELECT sum(n)::int AS s, count(*)::int AS c FROM \(unsafeSQL: schema).counts")
                #expect(try total[0].decode("s", as: Int.self) == 60)
                #expect(try total[0].decode("c", as: Int.self) == 3)
            }
        }
    }
}
