import Foundation
import Postgres
import Synchronization
import Testing

/// A gate a test opens to let a task that holds a connection finish.
private final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let openNow = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if openNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

extension PostgresIntegrationTests {
    @Suite("Pool") struct PoolTests {
        @Test func moreConcurrentUsersThanConnectionsAllSucceed() async throws {
            let pool = TestPostgres.pool("saturate") { $0.maxConnections = 3 }
            let admin = TestPostgres.pool("saturate-admin")
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await pool.query("SELECT pg_sleep(0.02), \(index) AS i")[0].decode("i", as: Int.self)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == Array(0..<30))
            let sessions = try await TestPostgres.sessions(of: pool.config.applicationName, using: admin)
            #expect(sessions.count <= 3)
            let statistics = await pool.statistics
            #expect(statistics.inUse == 0 && statistics.waiters == 0)
            #expect(statistics.idle + statistics.connecting <= 3)
            await pool.close()
            await admin.close()
        }

        @Test func waitersAreServedInArrivalOrder() async throws {
            let pool = TestPostgres.pool("fifo") { $0.maxConnections = 1 }
            let gate = Gate()
            let order = Locked<[Int]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await pool.withConnection { _ in await gate.wait() } }
                try await TestPostgres.waitUntil { await pool.statistics.inUse == 1 }
                for index in 1...5 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            order.withLock { $0.append(index) }
                            try await connection.query("SELECT 1")
                        }
                    }
                    try await TestPostgres.waitUntil { await pool.statistics.waiters == index }
                }
                gate.open()
                try await group.waitForAll()
            }
            #expect(order.withLock { $0 } == [1, 2, 3, 4, 5])
            await pool.close()
        }

        @Test func aWaiterCancelledWhileWaitingLeavesTheLine() async throws {
            let pool = TestPostgres.pool("cancelwait") { $0.maxConnections = 1 }
            let gate = Gate()
            let served = Locked(false)
            let holder = Task { try await pool.withConnection { _ in await gate.wait() } }
            try await TestPostgres.waitUntil { await pool.statistics.inUse == 1 }
            let waiter = Task {
                try await pool.withConnection { _ in served.withLock { $0 = true } }
            }
            try await TestPostgres.waitUntil { await pool.statistics.waiters == 1 }
            let elapsed = await TestPostgres.elapsed {
                waiter.cancel()
                await #expect(throws: CancellationError.self) { try await waiter.value }
            }
            #expect(elapsed < .seconds(1))
            #expect(await pool.statistics.waiters == 0)
            gate.open()
            try await holder.value
            #expect(try await pool.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
            let wasServed = served.withLock { $0 }
            #expect(!wasServed)
            await pool.close()
        }

        @Test func anIdleConnectionKilledByTheServerIsReplaced() async throws {
            let pool = TestPostgres.pool("killidle") { $0.maxConnections = 1 }
            let admin = TestPostgres.pool("killidle-admin")
            let first = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            try await TestPostgres.terminate(first, using: admin)
            let second = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            #expect(second != first)
            await pool.close()
            await admin.close()
        }

        @Test func aConnectionKilledWhileLeasedFailsItsStatementAndIsReplaced() async throws {
            let pool = TestPostgres.pool("killleased") { $0.maxConnections = 1 }
            let admin = TestPostgres.pool("killleased-admin")
            let killed = try await pool.withConnection { connection in
                try await TestPostgres.terminate(connection.backendPID, using: admin)
                do {
                    try await connection.query("SELECT 1")
                    Issue.record("a statement on a killed session succeeded")
                } catch let error as PostgresError {
                    #expect(error.isConnectionFailure)
                }
                return connection.backendPID
            }
            let replacement = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            #expect(replacement != killed)
            await pool.close()
            await admin.close()
        }

        @Test func theStatementTimeoutSurfacesAsAnError() async throws {
            let pool = TestPostgres.pool("timeout") { $0.statementTimeout = .milliseconds(200) }
            let elapsed = await TestPostgres.elapsed {
                do {
                    try await pool.query("SELECT pg_sleep(5)")
                    Issue.record("the statement outlived its timeout")
                } catch let error as PostgresError {
                    #expect(error.isQueryCanceled)
                } catch {
                    Issue.record("unexpected \(error)")
                }
            }
            #expect(elapsed < .seconds(3))
            #expect(try await pool.query("SELECT 1 AS one")[0].decode("one", as: Int.self) == 1)
            await pool.close()
        }

        @Test func cancellingTheTaskCancelsTheStatementOnTheServer() async throws {
            let pool = TestPostgres.pool("cancelquery") { $0.maxConnections = 1 }
            let admin = TestPostgres.pool("cancelquery-admin")
            let sleeper = Task { try await pool.query("SELECT pg_sleep(30)") }
            try await TestPostgres.waitUntil {
                try await admin.query(
                    """
                    SELECT 1 FROM pg_stat_activity WHERE application_name = \(pool.config.applicationName)
                    AND state = 'active' AND query LIKE 'SELECT pg_sleep%'
                    """
                ).count == 1
            }
            let elapsed = await TestPostgres.elapsed {
                sleeper.cancel()
                await #expect(throws: CancellationError.self) { try await sleeper.value }
            }
            #expect(elapsed < .seconds(3))
            let active = try await admin.query(
                """
                SELECT 1 FROM pg_stat_activity WHERE application_name = \(pool.config.applicationName)
                AND state = 'active'
                """)
            #expect(active.isEmpty)
            #expect(try await pool.query("SELECT 2 AS two")[0].decode("two", as: Int.self) == 2)
            await pool.close()
            await admin.close()
        }

        @Test func idleConnectionsCloseAfterTheIdleTimeoutDownToTheMinimum() async throws {
            let pool = TestPostgres.pool("idle") {
                $0.minConnections = 1
                $0.maxConnections = 4
                $0.idleTimeout = .milliseconds(200)
            }
            let admin = TestPostgres.pool("idle-admin")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await pool.query("SELECT pg_sleep(0.1)") } }
                try await group.waitForAll()
            }
            #expect(try await TestPostgres.sessions(of: pool.config.applicationName, using: admin).count == 4)
            try await TestPostgres.waitUntil {
                try await TestPostgres.sessions(of: pool.config.applicationName, using: admin).count == 1
            }
            #expect(await pool.statistics.idle == 1)
            await pool.close()
            try await TestPostgres.waitUntil {
                try await TestPostgres.sessions(of: pool.config.applicationName, using: admin).isEmpty
            }
            await admin.close()
        }

        @Test func closeFailsWaitersAndLaterLeases() async throws {
            let pool = TestPostgres.pool("close") { $0.maxConnections = 1 }
            let gate = Gate()
            let holder = Task { try await pool.withConnection { _ in await gate.wait() } }
            try await TestPostgres.waitUntil { await pool.statistics.inUse == 1 }
            let waiter = Task { try await pool.query("SELECT 1") }
            try await TestPostgres.waitUntil { await pool.statistics.waiters == 1 }
            await pool.close()
            do {
                _ = try await waiter.value
                Issue.record("a waiter was served after close")
            } catch let error as PostgresError {
                #expect(error.code == .poolClosed)
            }
            gate.open()
            try await holder.value
            do {
                try await pool.query("SELECT 1")
                Issue.record("a closed pool ran a statement")
            } catch let error as PostgresError {
                #expect(error.code == .poolClosed)
            }
        }

        @Test func asAServiceThePoolClosesWhenItsTaskStops() async throws {
            let pool = TestPostgres.pool("service")
            let admin = TestPostgres.pool("service-admin")
            let service = Task { try await pool.run() }
            try await pool.query("SELECT 1")
            #expect(try await TestPostgres.sessions(of: pool.config.applicationName, using: admin).count == 1)
            service.cancel()
            try await service.value
            await #expect(throws: PostgresError.self) { try await pool.query("SELECT 1") }
            try await TestPostgres.waitUntil {
                try await TestPostgres.sessions(of: pool.config.applicationName, using: admin).isEmpty
            }
            await admin.close()
        }

        @Test func anUnreachableServerFailsCallersPromptly() async throws {
            let pool = TestPostgres.pool("unreachable") {
                $0.url = "postgresql://horde@127.0.0.1:1/horde"
                $0.maxConnections = 2
            }
            let elapsed = await TestPostgres.elapsed {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<5 {
                        group.addTask {
                            do {
                                try await pool.query("SELECT 1")
                                Issue.record("a statement ran without a server")
                            } catch let error as PostgresError {
                                #expect(error.code == .connectionFailed)
                            } catch {
                                Issue.record("unexpected \(error)")
                            }
                        }
                    }
                }
            }
            #expect(elapsed < .seconds(5))
            let statistics = await pool.statistics
            #expect(statistics.waiters == 0 && statistics.inUse == 0)
            await pool.close()
        }
    }
}
