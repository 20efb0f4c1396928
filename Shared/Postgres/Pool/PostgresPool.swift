import HordeCore

/// A pool of PostgreSQL connections: the way services talk to their database.
///
/// Connections open on demand up to `maxConnections` (and `minConnections` are kept open); callers beyond that
/// wait in a first-come, first-served line, and a caller whose task is cancelled leaves the line at once. An
/// idle connection is health-checked when leased, a broken one is replaced, idle ones above the minimum close
/// after `idleTimeout`. Every decision is made by `PoolState`; this actor owns the connections and carries the
/// decisions out. Call `close()` when shutting down.
package actor PostgresPool {
    /// The configuration the pool was created with.
    package nonisolated let config: PostgresConfig
    private nonisolated let logger: Logger
    private nonisolated let metrics: PostgresPoolMetrics
    /// libpq's keyword/value pairs, or why the URL cannot be used (reported to every lease).
    private nonisolated let parameters: Result<[(String, String)], PostgresError>
    private var state: PoolState
    private var connections: [PoolState.ConnectionID: PostgresConnection] = [:]
    private var waiters: [PoolState.WaiterID: CheckedContinuation<PostgresConnection, any Error>] = [:]
    private var lastID = 0
    private var maintenance: Task<Void, Never>?

    /// A pool for `config`; no connection opens until the first use.
    package init(config: PostgresConfig, logger: Logger) {
        self.config = config
        self.logger = logger.with(PostgresLogKeys.pool, config.applicationName)
            .with(PostgresLogKeys.target, config.redactedTarget)
        self.metrics = PostgresPoolMetrics(poolName: config.applicationName)
        self.parameters = Result { () throws(PostgresError) in try config.connectionParameters() }
        self.state = PoolState(
            limits: PoolState.Limits(
                min: config.minConnections, max: config.maxConnections, idleTimeout: config.idleTimeout))
    }

    /// Leases a connection for the duration of `body`, then returns it to the pool (rolling back any transaction
    /// `body` left open). Waits in line while all connections are busy.
    package nonisolated func withConnection<T: Sendable>(
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let connection = try await lease()
        do {
            let value = try await body(connection)
            await giveBack(connection)
            return value
        } catch {
            await giveBack(connection)
            throw error
        }
    }

    /// Runs `body` in a transaction on a leased connection; see `PostgresConnection.withTransaction` for the
    /// retry of serialization failures and deadlocks.
    package nonisolated func withTransaction<T: Sendable>(
        isolation: PostgresIsolation = .readCommitted, maxAttempts: Int = 5,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: isolation, maxAttempts: maxAttempts, body)
        }
    }

    /// Runs one statement on any connection and returns its rows.
    @discardableResult
    package nonisolated func query(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs one statement on any connection and returns the number of rows it affected.
    @discardableResult
    package nonisolated func execute(_ query: PostgresQuery) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Runs a prepared statement on any connection and returns its rows.
    @discardableResult
    package nonisolated func query<Statement: PostgresPreparedStatement>(
        _ statement: Statement
    ) async throws -> [PostgresRow] {
        try await withConnection { try await $0.query(statement) }
    }

    /// Runs a prepared statement on any connection and returns the number of rows it affected.
    @discardableResult
    package nonisolated func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> Int {
        try await withConnection { try await $0.execute(statement) }
    }

    /// How many connections are leased, idle and opening, and how many callers wait.
    package var statistics: PostgresPoolStatistics {
        PostgresPoolStatistics(
            inUse: state.leased.count, idle: state.idle.count, connecting: state.connecting,
            waiters: state.waiters.count)
    }

    /// Closes the pool: waiters fail with `poolClosed`, idle connections close now, leased ones when they come
    /// back, and new leases fail. Does not wait for leased connections.
    package func close() async {
        maintenance?.cancel()
        maintenance = nil
        let closing = perform(state.close(), failure: PostgresError(.poolClosed, message: "the pool is closed"))
        logger.info("postgres pool closed")
        await withTaskGroup(of: Void.self) { group in
            for connection in closing { group.addTask { await connection.close() } }
        }
    }

    /// Takes a connection from the pool, waiting in line if none is free.
    func lease() async throws -> PostgresConnection {
        try Task.checkCancellation()
        startMaintenanceIfNeeded()
        while true {
            let waiter = nextID()
            switch state.lease(waiter) {
            case .use(let id):
                guard let connection = connections[id], connection.isHealthyWhileIdle else {
                    metrics.connectionsDiscarded.increment()
                    logger.debug("idle connection failed its health check")
                    apply(state.release(id, reusable: false, now: .now))
                    continue
                }
                metrics.update(state)
                return connection
            case .wait(let connect):
                if connect { openConnection() }
                metrics.update(state)
                return try await withTaskCancellationHandler {
                    try await withCheckedThrowingContinuation { continuation in
                        waiters[waiter] = continuation
                    }
                } onCancel: {
                    // The waiter is registered before this hop reaches the actor, so it is always found.
                    Task { await self.cancelWaiter(waiter) }
                }
            case .fail:
                throw PostgresError(.poolClosed, message: "the pool is closed")
            }
        }
    }

    /// Returns a connection after use, resetting it first.
    private nonisolated func giveBack(_ connection: PostgresConnection) async {
        let reusable = await connection.resetForReuse()
        await release(connection, reusable: reusable)
    }

    private func release(_ connection: PostgresConnection, reusable: Bool) {
        if !reusable {
            metrics.connectionsDiscarded.increment()
            logger.debug("connection discarded after use")
        }
        apply(state.release(connection.id, reusable: reusable, now: .now))
    }

    private func cancelWaiter(_ waiter: PoolState.WaiterID) {
        guard state.cancel(waiter) else { return }
        waiters.removeValue(forKey: waiter)?.resume(throwing: CancellationError())
        metrics.update(state)
    }

    private func openConnection() {
        let id = nextID()
        Task { await self.connect(id) }
    }

    private func connect(_ id: PoolState.ConnectionID) async {
        do {
            let connection = try await PostgresConnection.open(
                id: id, parameters: try parameters.get(), preparedStatements: config.preparedStatements, logger: logger,
                metrics: metrics)
            metrics.connectionsOpened.increment()
            connections[id] = connection
            apply(state.connected(id, now: .now))
        } catch {
            metrics.connectFailures.increment()
            let failure = error as? PostgresError
            logger.info(
                "postgres connection failed",
                [
                    PostgresLogKeys.errorCode: failure?.code.description ?? "\(type(of: error))",
                    PostgresLogKeys.errorMessage: failure?.message ?? "",
                ])
            apply(state.connectFailed(), failure: error)
        }
    }

    private func tick() {
        apply(state.tick(now: .now))
    }

    private func startMaintenanceIfNeeded() {
        guard maintenance == nil, !state.isClosed else { return }
        let interval = min(max(config.idleTimeout / 2, .milliseconds(50)), .seconds(5))
        maintenance = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                await self.tick()
            }
        }
        tick()
    }

    /// Carries out `actions`; returns the connections to close (removed from the pool already).
    private func perform(_ actions: [PoolState.Action], failure: any Error) -> [PostgresConnection] {
        var closing: [PostgresConnection] = []
        for action in actions {
            switch action {
            case .hand(let id, let waiter):
                if let connection = connections[id], let continuation = waiters.removeValue(forKey: waiter) {
                    continuation.resume(returning: connection)
                } else {
                    closing += perform(state.release(id, reusable: connections[id] != nil, now: .now), failure: failure)
                }
            case .close(let id):
                if let connection = connections.removeValue(forKey: id) { closing.append(connection) }
            case .connect:
                openConnection()
            case .fail(let waiter):
                waiters.removeValue(forKey: waiter)?.resume(throwing: failure)
            }
        }
        metrics.update(state)
        return closing
    }

    /// Carries out `actions`, closing connections on their own threads without waiting.
    private func apply(
        _ actions: [PoolState.Action], failure: any Error = PostgresError(.poolClosed, message: "the pool is closed")
    ) {
        for connection in perform(actions, failure: failure) { connection.closeSoon() }
    }

    private func nextID() -> Int {
        lastID += 1
        return lastID
    }
}

/// A snapshot of a pool's connections and waiters (for readiness checks and tests).
package struct PostgresPoolStatistics: Sendable, Equatable {
    /// Connections leased.
    package var inUse: Int
    /// Connections idle in the pool.
    package var idle: Int
    /// Connections being opened.
    package var connecting: Int
    /// Callers waiting for a connection.
    package var waiters: Int
}
