import HordeCore

/// Settings of an `HTTPServer`. Every timeout is its own `Duration`.
package struct HTTPServerConfig: Sendable {
    /// Address to bind (numeric IPv4 or IPv6). Default: `127.0.0.1`.
    package var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (`start()` returns it). Default: 0.
    package var port: Int = 0
    /// Largest request body after chunked decoding; more is answered with 413. Default: 10 MiB.
    package var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Largest header block; more is answered with 431. Default: 64 KiB.
    package var maxHeaderBytes: Int = 64 * 1024
    /// Most header fields per request; more is answered with 431. Default: 100.
    package var maxHeaderCount: Int = 100
    /// Longest request line; more is answered with 414. Default: 8 KiB.
    package var maxRequestLineBytes: Int = 8 * 1024
    /// Time from a request's first byte (or from accept) to the end of its head; then 408 (slowloris).
    /// Default: 10 s.
    package var headerReadTimeout: Duration = .seconds(10)
    /// Longest silence while a request body is arriving; then 408. Default: 30 s.
    package var bodyReadTimeout: Duration = .seconds(30)
    /// How long a keep-alive connection may sit idle between requests before it is closed. Default: 60 s.
    package var idleTimeout: Duration = .seconds(60)
    /// Longest a handler may take; then the client gets 503 and the connection closes (the handler's task is
    /// cancelled). Default: 30 s.
    package var handlerTimeout: Duration = .seconds(30)
    /// Longest a response write may make no progress (a client that stopped reading). Default: 30 s.
    package var writeTimeout: Duration = .seconds(30)
    /// Open connections beyond which new ones get a 503 and are closed. Default: 10,000.
    package var maxConnections: Int = 10_000
    /// How long `shutdown()` waits for in-flight requests before cancelling them. Default: 10 s.
    package var shutdownGracePeriod: Duration = .seconds(10)
    /// Listen backlog. Default: 256.
    package var backlog: Int = 256
    /// The event loops connections run on. Default: the process-wide group (one loop per CPU).
    package var eventLoops: EventLoopGroup = .shared

    /// The defaults listed on each property.
    package init() {}

    /// The defaults overridden by `HORDE_HTTP_*` variables (`HORDE_HTTP_MAX_BODY_BYTES`,
    /// `HORDE_HTTP_HEADER_READ_TIMEOUT`, `HORDE_HTTP_IDLE_TIMEOUT`, `HORDE_HTTP_HANDLER_TIMEOUT`,
    /// `HORDE_HTTP_WRITE_TIMEOUT`, `HORDE_HTTP_MAX_CONNECTIONS`, `HORDE_HTTP_SHUTDOWN_GRACE`); host and port
    /// are the caller's.
    package init(host: String, port: Int, environment env: Environment) throws(ConfigError) {
        self.host = host
        self.port = port
        maxBodyBytes = try env.int("HORDE_HTTP_MAX_BODY_BYTES", default: maxBodyBytes)
        maxHeaderBytes = try env.int("HORDE_HTTP_MAX_HEADER_BYTES", default: maxHeaderBytes)
        headerReadTimeout = try env.duration("HORDE_HTTP_HEADER_READ_TIMEOUT", default: headerReadTimeout)
        bodyReadTimeout = try env.duration("HORDE_HTTP_BODY_READ_TIMEOUT", default: bodyReadTimeout)
        idleTimeout = try env.duration("HORDE_HTTP_IDLE_TIMEOUT", default: idleTimeout)
        handlerTimeout = try env.duration("HORDE_HTTP_HANDLER_TIMEOUT", default: handlerTimeout)
        writeTimeout = try env.duration("HORDE_HTTP_WRITE_TIMEOUT", default: writeTimeout)
        maxConnections = try env.int("HORDE_HTTP_MAX_CONNECTIONS", default: maxConnections)
        shutdownGracePeriod = try env.duration("HORDE_HTTP_SHUTDOWN_GRACE", default: shutdownGracePeriod)
    }

    /// The parser limits these settings imply.
    var parserLimits: HTTP1ParserLimits {
        HTTP1ParserLimits(
            maxRequestLineBytes: maxRequestLineBytes, maxHeaderBytes: maxHeaderBytes, maxHeaderCount: maxHeaderCount,
            maxBodyBytes: maxBodyBytes)
    }
}
