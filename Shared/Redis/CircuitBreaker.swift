import Dispatch
import HordeCore
import Synchronization

/// Runs `CircuitBreakerState` for one client: fails requests fast while Redis is unreachable and probes in the
/// background until it answers again. Probes run on their own serial queue because connecting blocks.
final class CircuitBreaker: Sendable {
    private let state: Mutex<CircuitBreakerState>
    /// Opens a connection and sends a command; true when Redis answered. Blocks up to the connect timeout.
    private let probe: @Sendable () -> Bool
    private let queue: DispatchQueue
    private let logger: Logger
    private let openGauge: Gauge

    /// A breaker starting in `state`; `probe` is called on the breaker's own queue while the circuit is open.
    init(
        state: CircuitBreakerState, logger: Logger, openGauge: Gauge, label: String,
        probe: @escaping @Sendable () -> Bool
    ) {
        self.state = Mutex(state)
        self.probe = probe
        self.queue = DispatchQueue(label: "horde.redis.probe.\(label)")
        self.logger = logger
        self.openGauge = openGauge
    }

    /// Whether a request may go to Redis now; cheap enough for every call.
    var allowsRequests: Bool { state.withLock { $0.allowsRequests } }

    /// Whether the client was closed.
    var isShutDown: Bool { state.withLock { $0.phase == .shutDown } }

    /// A command got a reply.
    func recordSuccess() { state.withLock { $0.recordSuccess() } }

    /// A command or connect failed with `error`.
    func recordFailure(_ error: RedisError, connectFailed: Bool) {
        let action = state.withLock { $0.recordFailure(connectFailed: connectFailed) }
        if case .openAndProbe = action {
            openGauge.set(1)
            logger.info(
                "Redis unreachable, failing calls fast until it answers again",
                [RedisLogKey.error: error.debugDescription])
        }
        perform(action)
    }

    /// Stops probing and fails every later request.
    func shutDown() {
        state.withLock { $0.shutDown() }
        openGauge.set(0)
    }

    private func perform(_ action: CircuitBreakerState.Action) {
        switch action {
        case .none: return
        case .closed:
            openGauge.set(0)
            logger.info("Redis answers again, circuit closed")
        case .openAndProbe(let delay), .probe(let delay):
            // Jitter keeps many replicas from probing a recovering Redis in lockstep.
            let jittered = delay * Double.random(in: 0.8...1.2)
            queue.asyncAfter(deadline: .now() + .milliseconds(Int(jittered.milliseconds))) { [self] in
                runProbe()
            }
        }
    }

    private func runProbe() {
        guard case .open = state.withLock({ $0.phase }) else { return }
        let answered = probe()
        let action = state.withLock { answered ? $0.probeSucceeded() : $0.probeFailed() }
        if !answered { logger.debug("Redis probe failed") }
        perform(action)
    }
}
