import HordeCore

/// A Redis client for data that may be lost: caches, rate-limit counters, heartbeats.
///
/// Keeps `poolSize` connections, each with its own serial queue for hiredis' blocking calls, and sends each
/// call to the least busy one. A Redis outage slows the service but never breaks it: once a connect fails (or
/// `failureThreshold` calls in a row time out), every call throws `RedisError.unavailable` at once, without
/// touching the network, while a background probe reconnects with backoff. Every failure is counted in
/// `horde_redis_failures_total{client,reason}`.
///
/// Commands are binary-safe. Error replies to single commands are thrown as `RedisError.server`; in a
/// pipeline they are returned in place so the other replies are not lost.
package final class RedisClient: Sendable {
    /// The settings this client was made with.
    package let config: RedisConfig
    private let connections: [RedisConnection]
    private let breaker: CircuitBreaker
    private let metrics: RedisMetrics
    private let logger: Logger
    /// Set when the URL cannot be parsed: every call throws it rather than retrying something that cannot work.
    private let configurationError: RedisError?

    /// A client that connects lazily, on the first call; the initializer does no I/O.
    package init(config: RedisConfig, logger: Logger) {
        self.config = config
        let logger = logger.with(RedisLogKey.client, config.clientName)
        self.logger = logger
        let metrics = RedisMetrics(client: config.clientName)
        self.metrics = metrics

        var endpoint = RedisEndpoint.fallback
        do {
            endpoint = try RedisEndpoint(url: config.url)
            configurationError = nil
        } catch {
            configurationError = error
        }
        let connector = RedisConnector(
            endpoint: endpoint, connectTimeout: config.connectTimeout, clientName: config.clientName)
        let breaker = CircuitBreaker(
            state: CircuitBreakerState(
                failureThreshold: config.failureThreshold, initialDelay: config.reconnectInitialDelay,
                maxDelay: config.reconnectMaxDelay),
            logger: logger, openGauge: metrics.circuitOpen, label: config.clientName,
            probe: { (try? connector.connect()) != nil })
        self.breaker = breaker
        self.connections = (0..<max(1, config.poolSize)).map { index in
            RedisConnection(index: index, connector: connector, breaker: breaker, metrics: metrics, logger: logger)
        }
    }

    deinit { breaker.shutDown() }

    /// Whether calls currently go to Redis (false while the circuit is open or after `close()`).
    package var isAvailable: Bool { configurationError == nil && breaker.allowsRequests }

    /// Sends one command and returns its reply; an error reply is thrown as `RedisError.server`.
    /// `timeout` overrides `commandTimeout` for this call.
    package func command(_ args: [String], timeout: Duration? = nil) async throws -> RESPValue {
        try await command(args.map { Array($0.utf8) }, timeout: timeout)
    }

    /// Sends one binary-safe command and returns its reply; an error reply is thrown as `RedisError.server`.
    package func command(_ args: [[UInt8]], timeout: Duration? = nil) async throws -> RESPValue {
        // A caller's mistake must not cost a healthy connection, so it is caught before reaching one.
        guard !args.isEmpty else { throw RedisError.protocolError("a command needs at least one argument") }
        let reply = try await execute(timeout: timeout) { context throws(RedisError) in try context.command(args) }
        if case .error(let message) = reply {
            metrics.recordFailure(.server)
            throw RedisError.server(message)
        }
        return reply
    }

    /// Sends all commands in one write and returns their replies in order (one round trip). Error replies are
    /// returned in place as `.error`; a lost connection or timeout fails the whole batch.
    package func pipeline(_ commands: [[String]], timeout: Duration? = nil) async throws -> [RESPValue] {
        try await pipeline(commands.map { $0.map { Array($0.utf8) } }, timeout: timeout)
    }

    /// The binary-safe form of `pipeline(_:timeout:)`.
    package func pipeline(_ commands: [[[UInt8]]], timeout: Duration? = nil) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        guard commands.allSatisfy({ !$0.isEmpty }) else {
            throw RedisError.protocolError("a command needs at least one argument")
        }
        return try await execute(timeout: timeout) { context throws(RedisError) in try context.pipeline(commands) }
    }

    /// Stops the reconnect probe and closes every connection after the calls already queued on it; later calls
    /// throw `unavailable`.
    package func close() async {
        breaker.shutDown()
        for connection in connections { await connection.close() }
    }

    private func execute<Value: Sendable>(
        timeout: Duration?, _ operation: @escaping @Sendable (RedisContext) throws(RedisError) -> Value
    ) async throws -> Value {
        let start = ContinuousClock.now
        do {
            if let configurationError { throw configurationError }
            guard breaker.allowsRequests else {
                throw RedisError(.unavailable, breaker.isShutDown ? "client closed" : "circuit open")
            }
            let value = try await leastBusy().perform(deadline: start + (timeout ?? config.commandTimeout), operation)
            metrics.commandDuration.observe(start.duration(to: .now))
            return value
        } catch let error as RedisError {
            metrics.recordFailure(error.code)
            if error.code != .unavailable {
                metrics.commandDuration.observe(start.duration(to: .now))
                logger.debug("Redis call failed", [RedisLogKey.error: error.debugDescription])
            }
            throw error
        }
    }

    private func leastBusy() -> RedisConnection {
        var best = connections[0]
        var bestLoad = best.load
        for connection in connections.dropFirst() where bestLoad > 0 {
            let load = connection.load
            if load < bestLoad {
                best = connection
                bestLoad = load
            }
        }
        return best
    }
}

extension RedisEndpoint {
    /// Stands in when the URL is invalid; never connected to, because every call throws the parse error first.
    fileprivate static let fallback = RedisEndpoint(host: "127.0.0.1", port: 6379)

    fileprivate init(host: String, port: Int) {
        self.host = host
        self.port = port
        self.database = 0
        self.username = nil
        self.password = nil
    }
}
