import Foundation
import Postgres
import Synchronization
import Testing

/// Lets two tasks meet: each `arrive()` suspends until `parties` have arrived.
private actor Barrier {
    private let parties: Int
    private var arrived = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(parties: Int) { self.parties = parties }

    func arrive() async {
        arrived += 1
        if arrived >= parties {
            for continuation in waiting { continuation.resume() }
            waiting = []
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }
}

/// Counts transaction attempts across tasks.
private final class Attempts: Sendable {
    private let count = Atomic<Int>(0)
    /// Counts one more attempt and returns its number, from 1.
    func next() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }
    var total: Int { count.load(ordering: .relaxed) }
}

extension PostgresIntegrationTests {
    @Suite("Transactions") struct TransactionTests {
        @Test func commitsWhenTheBodyReturnsAndRollsBackWhenItThrows() async throws {
            struct Abort: Error {}
            try await TestPostgres.withSchema("tx") { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).t (n int)")
                let returned = try await pool.withTransaction { connection in
                    try await connection.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (1)")
                }
                #expect(returned == 1)
                await #expect(throws: Abort.self) {
                    try await pool.withTransaction { connection in
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (2)")
                        throw Abort()
                    }
                }
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction(isolation: .repeatableRead) { connection in
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (3)")
                        try await connection.execute("SELECT 1 / 0")
                    }
                }
                let values = try await pool.query("SELECT n FROM \(unsafeSQL: schema).t").map {
                    try $0.decode("n", as: Int.self)
                }
                #expect(values == [1])
            }
        }

        @Test func aSwallowedErrorDoesNotPassForACommit() async throws {
            try await TestPostgres.withSchema("swallow") { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).t (n int)")
                await #expect(throws: PostgresError.self) {
                    try await pool.withTransaction { connection in
                        try await connection.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (1)")
                        _ = try? await connection.execute("SELECT 1 / 0")
                    }
                }
                #expect(try await pool.query("SELECT n FROM \(unsafeSQL: schema).t").isEmpty)
            }
        }

        @Test func aTransactionLeftOpenIsRolledBackBeforeTheConnectionIsReused() async throws {
            try await TestPostgres.withSchema("leftopen", configure: { $0.maxConnections = 1 }) { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).t (n int)")
                try await pool.withConnection { connection in
                    try await connection.execute("BEGIN")
                    try await connection.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (1)")
                }
                // The abandoned transaction had an id (it inserted); a fresh read-only statement has none.
                let xid = try await pool.query("SELECT pg_current_xact_id_if_assigned()::text AS xid")
                #expect(xid[0]["xid"].isNull, "the next user starts outside the abandoned transaction")
                #expect(try await pool.query("SELECT n FROM \(unsafeSQL: schema).t").isEmpty)
            }
        }

        @Test func aSerializationFailureIsRetried() async throws {
            try await TestPostgres.withSchema("serial", configure: { $0.maxConnections = 2 }) { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).counter (id int PRIMARY KEY, n int)")
                try await pool.execute("INSERT INTO \(unsafeSQL: schema).counter VALUES (1, 0)")
                let barrier = Barrier(parties: 2)
                let attempts = Attempts()
                let retriesBefore = TestPostgres.counter("horde_postgres_transaction_retries_total", pool)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await pool.withTransaction(isolation: .serializable) { connection in
                                let attempt = attempts.next()
                                let rows = try await connection.query(
                                    "SELECT n FROM \(unsafeSQL: schema).counter WHERE id = 1")
                                let n = try rows[0].decode("n", as: Int.self)
                                // Both first attempts read before either writes, so one of them must lose.
                                if attempt <= 2 { await barrier.arrive() }
                                try await connection.execute(
                                    "UPDATE \(unsafeSQL: schema).counter SET n = \(n + 1) WHERE id = 1")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let final = try await pool.query("SELECT n FROM \(unsafeSQL: schema).counter WHERE id = 1")
                #expect(try final[0].decode("n", as: Int.self) == 2, "no update was lost")
                let attemptCount = attempts.total
                #expect(attemptCount == 3)
                #expect(TestPostgres.counter("horde_postgres_transaction_retries_total", pool) == retriesBefore + 1)
            }
        }

        @Test func aDeadlockIsRetried() async throws {
            try await TestPostgres.withSchema("deadlock", configure: { $0.maxConnections = 2 }) { pool, schema in
                try await pool.execute("CREATE TABLE \(unsafeSQL: schema).t (id int PRIMARY KEY, n int)")
                try await pool.execute("INSERT INTO \(unsafeSQL: schema).t VALUES (1, 0), (2, 0)")
                let barrier = Barrier(parties: 2)
                let attempts = Attempts()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (first, second) in [(1, 2), (2, 1)] {
                        group.addTask {
                            try await pool.withTransaction { connection in
                                let attempt = attempts.next()
                                try await connection.execute("SET LOCAL deadlock_timeout = '100ms'")
                                try await connection.execute(
                                    "UPDATE \(unsafeSQL: schema).t SET n = n + 1 WHERE id = \(first)")
                                if attempt <= 2 { await barrier.arrive() }
                                try await connection.execute(
                                    "UPDATE \(unsafeSQL: schema).t SET n = n + 1 WHERE id = \(second)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                let sum = try await pool.query("SELECT sum(n)::bigint AS s FROM \(unsafeSQL: schema).t")
                #expect(try sum[0].decode("s", as: Int.self) == 4)
                let attemptCount = attempts.total
                #expect(attemptCount == 3)
            }
        }

        @Test func aNestedTransactionIsRefused() async throws {
            let pool = TestPostgres.pool("nested")
            do {
                try await pool.withTransaction { connection in
                    try await connection.withTransaction { _ in }
                }
                Issue.record("a nested transaction was started")
            } catch let error as PostgresError {
                #expect(error.code == .invalidQuery)
            }
            await pool.close()
        }

        @Test func givesUpAfterMaxAttempts() async throws {
            let pool = TestPostgres.pool("maxattempts")
            let attempts = Attempts()
            do {
                try await pool.withTransaction(maxAttempts: 3) { connection in
                    _ = attempts.next()
                    try await connection.execute(
                        "DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = 'serialization_failure'; END $$")
                }
                Issue.record("the transaction succeeded")
            } catch let error as PostgresError {
                #expect(error.isSerializationFailure)
            }
            let attemptCount = attempts.total
            #expect(attemptCount == 3)
            await pool.close()
        }
    }
}
