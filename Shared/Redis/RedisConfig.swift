import HordeCore

/// How a `RedisClient` connects and how it behaves when Redis is slow or gone.
package struct RedisConfig: Sendable {
    /// `redis://[[user]:password@]host[:port][/db]`. Default: `redis://127.0.0.1:6379/0` (`HORDE_REDIS_URL`).
    package var url: String
    /// Connections kept open; commands go to the least busy one. Default: 4 (`HORDE_REDIS_POOL_SIZE`).
    package var poolSize: Int = 4
    /// Bound on one TCP connect plus handshake. Default: 500 ms (`HORDE_REDIS_CONNECT_TIMEOUT`).
    package var connectTimeout: Duration = .milliseconds(500)
    /// Bound on one command, from the call until its reply, including the wait for a busy connection.
    /// Default: 2 s (`HORDE_REDIS_COMMAND_TIMEOUT`).
    package var commandTimeout: Duration = .seconds(2)
    /// Consecutive timeouts or broken connections after which the circuit opens and calls fail fast.
    /// A failed connect opens it at once. Default: 3.
    package var failureThreshold: Int = 3
    /// First delay before the background probe tries to reconnect; doubles per failure. Default: 100 ms.
    package var reconnectInitialDelay: Duration = .milliseconds(100)
    /// Longest delay between reconnect probes. Default: 2 s (`HORDE_REDIS_RECONNECT_MAX_DELAY`).
    package var reconnectMaxDelay: Duration = .seconds(2)
    /// Sent with `CLIENT SETNAME` (spaces become `-`) and used as the `client` label of the metrics.
    /// Default: `horde` (`HORDE_REDIS_CLIENT_NAME`).
    package var clientName: String = "horde"

    /// A configuration for `url` with every other setting at its default.
    package init(url: String = "redis://127.0.0.1:6379/0") {
        self.url = url
    }

    /// Reads `HORDE_REDIS_*`. A value that is set but unusable is a start-up error: `ConfigError` for numbers
    /// and durations, `RedisError` with code `invalidConfiguration` for the URL and pool size.
    package static func fromEnvironment(_ env: Environment = .init()) throws -> RedisConfig {
        var config = RedisConfig(url: env.string("HORDE_REDIS_URL", default: "redis://127.0.0.1:6379/0"))
        do {
            _ = try RedisEndpoint(url: config.url)
        } catch {
            // The URL may hold a password, so only the reason is reported.
            throw RedisError(.invalidConfiguration, "HORDE_REDIS_URL: \(error.detail)")
        }
        config.poolSize = try env.int("HORDE_REDIS_POOL_SIZE", default: config.poolSize)
        guard config.poolSize >= 1 else {
            throw RedisError(.invalidConfiguration, "HORDE_REDIS_POOL_SIZE must be at least 1")
        }
        config.connectTimeout = try env.duration("HORDE_REDIS_CONNECT_TIMEOUT", default: config.connectTimeout)
        config.commandTimeout = try env.duration("HORDE_REDIS_COMMAND_TIMEOUT", default: config.commandTimeout)
        config.reconnectMaxDelay = try env.duration(
            "HORDE_REDIS_RECONNECT_MAX_DELAY", default: config.reconnectMaxDelay)
        config.clientName = env.string("HORDE_REDIS_CLIENT_NAME", default: config.clientName)
        return config
    }
}
