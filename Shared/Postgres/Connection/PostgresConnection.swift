import HordeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One open PostgreSQL session, as lent by `PostgresPool.withConnection` (or opened alone with `connect`).
///
/// Statements run on the connection's own thread, one at a time, in the order they were issued. Cancelling the
/// calling task cancels the statement in flight on the server (`PQcancel`) and throws `CancellationError`.
/// Do not keep a leased connection beyond the closure that received it.
package final class PostgresConnection: Sendable {
    /// The pool's identifier for this connection.
    let id: Int
    private let pq: PQConnection
    private let thread: ConnectionThread
    /// Carries `pg.backend_pid` in its metadata.
    let logger: Logger
    /// The owning pool's instruments.
    let metrics: PostgresPoolMetrics

    private init(id: Int, pq: PQConnection, thread: ConnectionThread, logger: Logger, metrics: PostgresPoolMetrics) {
        self.id = id
        self.pq = pq
        self.thread = thread
        self.logger = logger.with(PostgresLogKeys.backendPID, String(pq.backendPID))
        self.metrics = metrics
    }

    /// `PQfinish` runs on the connection's thread even when the last reference goes away elsewhere.
    deinit { closeSoon() }

    /// The server process serving this session (`pg_backend_pid()`).
    package var backendPID: Int32 { pq.backendPID }

    /// Opens a connection outside any pool (for tools and tests); `close()` it when done.
    package static func connect(config: PostgresConfig, logger: Logger) async throws -> PostgresConnection {
        let parameters = try config.connectionParameters()
        return try await open(
            id: 0, parameters: parameters, preparedStatements: config.preparedStatements, logger: logger,
            metrics: PostgresPoolMetrics(poolName: config.applicationName))
    }

    /// Opens a connection on a new thread of its own.
    static func open(
        id: Int, parameters: [(String, String)], preparedStatements: Int = 256, logger: Logger,
        metrics: PostgresPoolMetrics
    ) async throws -> PostgresConnection {
        // Linux thread names hold 15 characters, so the pool name is left out.
        let thread = ConnectionThread(name: "pg-conn-\(id)")
        do {
            let pq = try await thread.run {
                try PQConnection.connect(parameters, preparedStatements: preparedStatements)
            }
            return PostgresConnection(id: id, pq: pq, thread: thread, logger: logger, metrics: metrics)
        } catch {
            thread.stop()
            throw error
        }
    }

    /// Runs `query` and returns its rows.
    @discardableResult
    package func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await run(query).rows
    }

    /// Runs `query` and returns the number of rows it inserted, updated, deleted or selected.
    @discardableResult
    package func execute(_ query: PostgresQuery) async throws -> Int {
        try await run(query).affectedRows
    }

    /// Runs `query` on the caller's event loop when it has one (the statement is sent from the calling thread and
    /// the loop wakes the task when the answer arrives: no thread hand-off), else on the connection's thread.
    private func run(_ query: PostgresQuery) async throws -> PQQueryResult {
        guard let reactor = CurrentIOReactor.current else {
            return try await run(query.sql, statement: nil) { pq in try pq.execute(query.sql, query.binds) }
        }
        return try await measured(query.sql) { [pq] cancellation in
            guard cancellation.start() else { throw CancellationError() }
            defer { cancellation.finish() }
            let watch: any IOWatch
            do {
                watch = try reactor.watch(pq.socketDescriptor)
            } catch {
                throw PostgresError(.connectionLost, message: "cannot watch the session's socket: \(error)", query: query.sql)
            }
            defer { watch.end() }
            return try await pq.execute(query.sql, query.binds, watching: watch)
        }
    }

    /// Runs a prepared statement (preparing it on this connection first if needed) and returns its rows.
    @discardableResult
    package func query<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [PostgresRow] {
        try await runPrepared(statement).rows
    }

    /// Runs a prepared statement and returns the number of rows it affected.
    @discardableResult
    package func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Int {
        try await runPrepared(statement).affectedRows
    }

    /// Closes the session and stops its thread; statements already queued finish first.
    package func close() async {
        _ = try? await thread.run { [pq] in pq.finish() }
        thread.stop()
    }

    /// Closes the session on its thread without waiting (after statements already queued).
    func closeSoon() {
        thread.submit { [pq] in pq.finish() }
        thread.stop()
    }

    /// Runs SQL text that may hold several statements and no parameters (migrations). Not cancellable.
    func executeScript(_ sql: String) async throws -> PQQueryResult {
        try await thread.run { [pq] in try pq.executeScript(sql) }
    }

    /// Quotes `name` as an SQL identifier.
    func escapeIdentifier(_ name: String) async throws -> String {
        try await thread.run { [pq] in try pq.escapeIdentifier(name) }
    }

    /// True when the session is usable: libpq has not seen it break, and the server has sent nothing while it
    /// sat idle (an idle session only receives something when the server is about to close it, such as the
    /// FATAL error `pg_terminate_backend` or a server shutdown sends). Does not block.
    var isHealthyWhileIdle: Bool {
        guard pq.isConnected else { return false }
        var descriptor = pollfd(fd: pq.socketDescriptor, events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { return false }
        return poll(&descriptor, 1, 0) == 0
    }

    /// Makes the session ready for the next user: rolls back a transaction left open (or failed) by the last one.
    /// Returns false when the session is broken or could not be reset, so the pool closes it.
    func resetForReuse() async -> Bool {
        guard pq.isConnected else { return false }
        if pq.isIdle { return true }
        let reset = try? await thread.run { [pq] in
            _ = try pq.executeScript("ROLLBACK")
            return pq.isIdle
        }
        return reset ?? false
    }

    /// True when no transaction block is open (read between statements).
    var isOutsideTransaction: Bool { pq.isIdle }

    private func runPrepared<Statement: PostgresPreparedStatement>(
        _ statement: Statement
    ) async throws -> PQQueryResult {
        let binds = statement.binds
        return try await run(Statement.sql, statement: Statement.name) { pq in
            try pq.executePrepared(name: Statement.name, sql: Statement.sql, binds)
        }
    }

    /// Runs `work` on the connection's thread, cancelling it on the server if the calling task is cancelled,
    /// and records its duration and failure.
    private func run(
        _ sql: String, statement: String?, _ work: @escaping @Sendable (PQConnection) throws -> PQQueryResult
    ) async throws -> PQQueryResult {
        try await measured(sql) { [thread, pq] cancellation in
            try await thread.run {
                guard cancellation.start() else { throw CancellationError() }
                defer { cancellation.finish() }
                return try work(pq)
            }
        }
    }

    /// Runs `perform`, cancelling its statement on the server if the calling task is cancelled, and records its
    /// duration and failure.
    private func measured(
        _ sql: String, _ perform: (StatementCancellation) async throws -> PQQueryResult
    ) async throws -> PQQueryResult {
        try Task.checkCancellation()
        let cancellation = StatementCancellation()
        let started = ContinuousClock.now
        do {
            let result = try await withTaskCancellationHandler {
                try await perform(cancellation)
            } onCancel: { [pq] in
                cancellation.cancel(pq)
            }
            metrics.queryDuration.observe(ContinuousClock.now - started)
            return result
        } catch let error as PostgresError {
            metrics.queryDuration.observe(ContinuousClock.now - started)
            if error.isQueryCanceled, Task.isCancelled { throw CancellationError() }
            metrics.queryFailed(error)
            logger.debug(
                "statement failed",
                [PostgresLogKeys.sqlState: error.sqlState ?? "", PostgresLogKeys.errorCode: error.code.description])
            throw error
        }
    }
}
