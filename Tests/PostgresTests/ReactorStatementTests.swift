import Foundation
import HTTP
import HordeCore
import Postgres
import Testing

extension PostgresIntegrationTests {
    /// Statements issued from a task running on an HTTP event loop are sent from that thread and answered through
    /// the loop's epoll set instead of the connection's thread: the same results, errors, statement cache,
    /// transactions and cancellation as on the connection's thread.
    @Suite("Statements driven by the caller's event loop") struct ReactorStatementTests {
        static let loops = EventLoopGroup(threads: 2)

        /// Runs `body` as a task that prefers one of the loops, after checking it really runs there.
        func onLoop<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
            try await withTaskExecutorPreference(Self.loops.next()) {
                #expect(CurrentIOReactor.current != nil, "the task is not running on an event loop")
                return try await body()
            }
        }

        @Test func repeatedStatementsArePreparedAndAnswerAsOnTheConnectionThread() async throws {
            let pool = TestPostgres.pool("reactor_prepare") { $0.maxConnections = 1 }
            try await onLoop {
                for value in 1...5 {
                    let rows = try await pool.query("SELECT \(value)::int * 2 AS v, \("x")::text AS t, 'reactor-probe' AS p")
                    #expect(try rows[0].decode("v", as: Int.self) == value * 2)
                    #expect(try rows[0].decode("t", as: String.self) == "x")
                }
                let prepared = try await pool.query(
                    """
                    SELECT count(*)::int AS n FROM pg_prepared_statements
                    WHERE statement LIKE '%reactor-probe%' AND statement NOT LIKE '%pg_prepared_statements%'
                    """)
                #expect(try prepared[0].decode("n", as: Int.self) == 1)
                // Dropped behind the cache's back: the next run falls back to the text and prepares again.
                try await pool.execute("DEALLOCATE ALL")
                for value in 6...8 {
                    let rows = try await pool.query("SELECT \(value)::int * 2 AS v, \("x")::text AS t, 'reactor-probe' AS p")
                    #expect(try rows[0].decode("v", as: Int.self) == value * 2)
                }
            }
            await pool.close()
        }

        @Test func errorsLargeResultsAndLargeParametersLeaveTheSessionUsable() async throws {
            try await TestPostgres.withSchema("reactor_io", configure: { $0.maxConnections = 1 }) { pool, schema in
                try await onLoop {
                    try await pool.execute("CREATE TABLE \(unsafeSQL: schema).items (id int PRIMARY KEY, body text)")
                    try await pool.execute("INSERT INTO \(unsafeSQL: schema).items VALUES (\(1), \("a"))")
                    await #expect {
                        try await pool.execute("INSERT INTO \(unsafeSQL: schema).items VALUES (\(1), \("b"))")
                    } throws: { error in
                        (error as? PostgresError)?.sqlState == "23505"
                    }
                    // Megabytes each way: several socket reads per result and several writes per statement.
                    let big = String(repeating: "0123456789abcdef", count: 256 * 1024)
                    try await pool.execute("INSERT INTO \(unsafeSQL: schema).items VALUES (\(2), \(big))")
                    let echoed = try await pool.query(
                        "SELECT body FROM \(unsafeSQL: schema).items WHERE id = \(2)")
                    #expect(try echoed[0].decode("body", as: String.self) == big)
                    let series = try await pool.query(
                        "SELECT g AS n, md5(g::text) AS h FROM generate_series(1, \(100_000)) AS g")
                    #expect(series.count == 100_000)
                    #expect(try series.last?.decode("n", as: Int.self) == 100_000)
                    let count = try await pool.query("SELECT count(*)::int AS n FROM \(unsafeSQL: schema).items")
                    #expect(try count[0].decode("n", as: Int.self) == 2)
                }
            }
        }

        @Test func transactionsCommitAndRollBack() async throws {
            try await TestPostgres.withSchema("reactor_tx", configure: { $0.maxConnections = 2 }) { pool, schema in
                try await onLoop {
                    try await pool.execute("CREATE TABLE \(unsafeSQL: schema).counts (id int PRIMARY KEY, n int)")
                    try await pool.withTransaction { connection in
                        for id in 1...3 {
                            try await connection.execute(
                                "INSERT INTO \(unsafeSQL: schema).counts VALUES (\(id), \(id * 10))")
                        }
                    }
                    struct Rollback: Error {}
                    await #expect(throws: Rollback.self) {
                        try await pool.withTransaction { connection in
                            try await connection.execute("INSERT INTO \(unsafeSQL: schema).counts VALUES (\(4), \(40))")
                            throw Rollback()
                        }
                    }
                    let total = try await pool.query("SELECT sum(n)::int AS s FROM \(unsafeSQL: schema).counts")
                    #expect(try total[0].decode("s", as: Int.self) == 60)
                }
            }
        }

        @Test func aCancelledTaskCancelsItsStatementAndTheSessionServesTheNext() async throws {
            let pool = TestPostgres.pool("reactor_cancel") { $0.maxConnections = 1 }
            let sleeper = Task(executorPreference: Self.loops.next()) {
                try await pool.execute("SELECT pg_sleep(\(10))")
            }
            try await Task.sleep(for: .milliseconds(300))
            let started = ContinuousClock.now
            sleeper.cancel()
            await #expect(throws: CancellationError.self) { try await sleeper.value }
            #expect(started.duration(to: .now) < .seconds(5))
            let next = try await onLoop { try await pool.query("SELECT \(7)::int AS v") }
            #expect(try next[0].decode("v", as: Int.self) == 7)
            await pool.close()
        }

        @Test func manyTasksOnBothLoopsShareThePool() async throws {
            let pool = TestPostgres.pool("reactor_many") { $0.maxConnections = 4 }
            let sums = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask(executorPreference: Self.loops.loops[index % 2]) {
                        try await pool.query("SELECT \(index)::int + 1 AS v")[0].decode("v", as: Int.self)
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(sums == (1...200).reduce(0, +))
            await pool.close()
        }
    }
}
