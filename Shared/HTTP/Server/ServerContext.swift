import HordeCore
import Synchronization

/// What every connection of one server shares: settings, the handler, the logger and the draining flag.
final class ServerContext: Sendable {
    /// The server's settings.
    let config: HTTPServerConfig
    /// Parser limits derived from the settings.
    let limits: HTTP1ParserLimits
    /// The request handler.
    let handler: HTTPHandler
    /// The server's logger (handed to requests as their base logger).
    let logger: Logger
    /// Where responses are counted.
    let metrics: HTTPServerMetrics
    private let drainingFlag = Atomic<Bool>(false)
    private let requestCounter = Atomic<UInt64>(0)
    /// Random per process, so ids from different replicas do not collide.
    private let requestIDPrefix: String

    /// The shared state of a server built from these parts.
    init(config: HTTPServerConfig, logger: Logger, handler: @escaping HTTPHandler) {
        self.config = config
        self.limits = config.parserLimits
        self.handler = handler
        self.logger = logger
        self.metrics = .shared
        let random = UInt32.random(in: 0x10_0000...0xFF_FFFF)
        requestIDPrefix = String(random, radix: 16)
    }

    /// Whether graceful shutdown has begun: responses carry `Connection: close`.
    var isDraining: Bool { drainingFlag.load(ordering: .relaxed) }

    /// Starts graceful shutdown: later responses carry `Connection: close`.
    func beginDraining() { drainingFlag.store(true, ordering: .relaxed) }

    /// The client's `X-Request-ID` if it is short and printable, otherwise a fresh id (15 characters, so
    /// it is stored inline in the `String`, without an allocation).
    func requestID(for headers: HTTPHeaders) -> String {
        if let given = headers["X-Request-ID"], !given.isEmpty, given.utf8.count <= 64,
            given.utf8.allSatisfy({ ASCII.isToken($0) })
        {
            return given
        }
        let number = requestCounter.wrappingAdd(1, ordering: .relaxed).newValue
        return requestIDPrefix + String(number & 0xF_FFFF_FFFF, radix: 16)
    }
}
