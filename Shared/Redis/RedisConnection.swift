import Dispatch
import HordeCore
import Synchronization

/// One pooled connection: a hiredis context and the serial queue that is the only place it is touched, so
/// blocking socket calls never run on the cooperative pool. Connects lazily, and again after any failure.
final class RedisConnection: @unchecked Sendable {
    // @unchecked Sendable: `context` is read and written only by blocks running on the serial `queue`;
    // `pending` is atomic and every other stored property is an immutable Sendable value.
    private let queue: DispatchQueue
    private var context: RedisContext?
    private let pending = Atomic<Int>(0)
    private let connector: RedisConnector
    private let breaker: CircuitBreaker
    private let metrics: RedisMetrics
    private let logger: Logger

    /// An unconnected slot; `index` only names its queue.
    init(index: Int, connector: RedisConnector, breaker: CircuitBreaker, metrics: RedisMetrics, logger: Logger) {
        self.queue = DispatchQueue(label: "horde.redis.connection.\(connector.clientName).\(index)")
        self.connector = connector
        self.breaker = breaker
        self.metrics = metrics
        self.logger = logger
    }

    /// Calls queued or running here; the client sends new work to the connection with the fewest.
    var load: Int { pending.load(ordering: .relaxed) }

    /// Runs `operation` with a live context on this connection's queue and returns its result.
    ///
    /// The caller is resumed by `deadline` at the latest: with `timeout` if the call is still queued or the reply
    /// is late, with `unavailable` if the circuit opened meanwhile or no connection can be opened, and with
    /// `CancellationError` as soon as the task is cancelled. A command not yet sent by then is dropped; one already
    /// sent finishes in the background and its reply is discarded. A context that failed is dropped and the next
    /// call reconnects.
    func perform<Value: Sendable>(
        deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable (RedisContext) throws(RedisError) -> Value
    ) async throws -> Value {
        let call = PendingCall<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                guard call.install(continuation) else { return }
                let queuedBefore = pending.add(1, ordering: .relaxed).oldValue
                // An idle connection starts at once and the socket timeout bounds the reply; only a call that
                // must queue behind others needs a timer of its own.
                if queuedBefore > 0 {
                    let remaining = ContinuousClock.now.duration(to: deadline)
                    let milliseconds = Int(max(0, remaining.milliseconds)) + 1
                    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { call.expire() }
                }
                queue.async { [self] in
                    let result = call.start() ? run(deadline: deadline, operation) : nil
                    // Lower the load before resuming the caller, or its next call would see this connection
                    // busy and open another one for nothing.
                    pending.subtract(1, ordering: .relaxed)
                    if let result { call.finish(result) }
                }
            }
        } onCancel: {
            call.cancel()
        }
    }

    /// Frees the context once the calls already queued have run.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { [self] in
                context = nil
                continuation.resume()
            }
        }
    }

    /// Runs on `queue`.
    private func run<Value>(
        deadline: ContinuousClock.Instant, _ operation: (RedisContext) throws(RedisError) -> Value
    ) -> Result<Value, any Error> {
        guard breaker.allowsRequests else { return .failure(RedisError(.unavailable, "circuit open")) }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return .failure(RedisError(.timeout, "still queued at the deadline")) }

        let live: RedisContext
        do {
            live = try liveContext()
        } catch {
            breaker.recordFailure(error, connectFailed: true)
            return .failure(error)
        }
        do {
            try live.setTimeout(remaining)
            let value = try operation(live)
            breaker.recordSuccess()
            return .success(value)
        } catch {
            // Whatever failed, the stream may hold a late or partial reply: never reuse it.
            context = nil
            logger.debug("Redis connection dropped", [RedisLogKey.error: error.debugDescription])
            breaker.recordFailure(error, connectFailed: false)
            return .failure(error)
        }
    }

    /// Runs on `queue`: the current context if it is still usable, otherwise a new one.
    private func liveContext() throws(RedisError) -> RedisContext {
        if let context, context.isReusable { return context }
        context = nil
        let fresh = try connector.connect()
        metrics.connects.increment()
        context = fresh
        return fresh
    }
}
