import Dispatch
import HordeCore
import Synchronization

/// What a producer, its senders and its event thread share. The event thread holds this (not the public
/// `KafkaProducer`), so dropping the producer stops the thread, which then destroys the handle.
final class KafkaProducerCore: Sendable {
    /// Who learns a message's outcome: a sender suspended until its delivery report, or a callback run on the
    /// event thread (for senders that must not spend a task and two thread wake-ups per message).
    enum DeliveryWaiter: Sendable {
        case task(CheckedContinuation<Void, any Error>)
        case callback(@Sendable (Result<Void, any Error>) -> Void)

        func resume(with outcome: Result<Void, any Error>) {
            switch self {
            case .task(let continuation): continuation.resume(with: outcome)
            case .callback(let callback): callback(outcome)
            }
        }

        func resume(throwing error: any Error) { resume(with: .failure(error)) }
    }

    private struct State {
        var deliveries = KafkaDeliveryTracker<DeliveryWaiter>()
        var enqueuedAt: [UInt: ContinuousClock.Instant] = [:]
        var spaceWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var lastSpaceWaiter: UInt64 = 0
        var fatalError: KafkaError?
        var stopRequested = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The librdkafka handle.
    let client: RDKafkaClient
    /// Carries `kafka.client`.
    let logger: Logger
    /// Counters and latency.
    let metrics: KafkaProducerMetrics
    private let state = Mutex(State())
    private static let closedError = KafkaError(.closed, message: "the producer is closed")
    /// A sender waiting for queue space retries after this long even if no delivery report frees any, so the
    /// backpressure bound holds even if reports stall.
    private static let spaceRetryInterval = DispatchTimeInterval.milliseconds(20)

    /// Wraps a producer handle; the caller starts `runEventLoop` on a dedicated thread.
    init(client: RDKafkaClient, logger: Logger, metrics: KafkaProducerMetrics) {
        self.client = client
        self.logger = logger
        self.metrics = metrics
    }

    // MARK: Sending

    /// Enqueues the message (waiting for queue space up to `backpressureTimeout`) and waits for its report.
    func send(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8])], backpressureTimeout: Duration
    ) async throws {
        try Task.checkCancellation()
        let id = try reserveID()
        do {
            try await enqueue(
                id: id, topic: topic, key: key, value: value, headers: headers,
                deadline: .now + backpressureTimeout)
        } catch {
            release(id)
            throw error
        }
        metrics.inFlight.increment()
        defer { metrics.inFlight.decrement() }
        try await awaitDelivery(id)
    }

    /// Enqueues the message without waiting and calls `onDelivery` on the event thread with its outcome (at once if
    /// it is already known). Throws, and never calls `onDelivery`, when librdkafka does not take the message: a
    /// full local queue throws `.queueFull` instead of waiting for space.
    func send(
        topic: String, key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8])],
        onDelivery: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) throws(KafkaError) {
        let id = try reserveID()
        let refusal: KafkaError
        switch client.produce(id: id, topic: topic, key: key, value: value, headers: headers) {
        case .enqueued:
            metrics.inFlight.increment()
            let waiter = DeliveryWaiter.callback { [metrics] outcome in
                metrics.inFlight.decrement()
                onDelivery(outcome)
            }
            let ready = state.withLock { $0.deliveries.wait(id, waiter, closedError: Self.closedError) }
            if let (waiter, outcome) = ready { waiter.resume(with: outcome) }
            return
        case .failed(let error):
            refusal = error
        case .queueFull:
            metrics.queueFull.increment()
            refusal = KafkaError(
                .queueFull, message: "the producer queue is full; the broker is not keeping up", isRetriable: true)
        }
        release(id)
        throw refusal
    }

    /// A message ID for a new send (its enqueue time recorded), unless the producer failed or is closed.
    private func reserveID() throws(KafkaError) -> UInt {
        let reserved = state.withLock { state -> Result<UInt, KafkaError> in
            if let fatal = state.fatalError { return .failure(fatal) }
            guard let id = state.deliveries.reserve() else { return .failure(Self.closedError) }
            state.enqueuedAt[id] = .now
            return .success(id)
        }
        return try reserved.get()
    }

    /// Forgets a message librdkafka did not take.
    private func release(_ id: UInt) {
        state.withLock { state in
            state.deliveries.release(id)
            state.enqueuedAt[id] = nil
        }
    }

    private func enqueue(
        id: UInt, topic: String, key: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8])],
        deadline: ContinuousClock.Instant
    ) async throws {
        while true {
            switch client.produce(id: id, topic: topic, key: key, value: value, headers: headers) {
            case .enqueued:
                return
            case .failed(let error):
                throw error
            case .queueFull:
                metrics.queueFull.increment()
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(
                        .queueFull, message: "the producer queue stayed full; the broker is not keeping up",
                        isRetriable: true)
                }
                await waitForQueueSpace()
                try Task.checkCancellation()
            }
        }
    }

    /// Suspends until the event thread has served delivery reports (which frees queue space), the retry interval
    /// passes, the task is cancelled, or the producer stops.
    private func waitForQueueSpace() async {
        let id = state.withLock { state in
            state.lastSpaceWaiter += 1
            return state.lastSpaceWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let registered = state.withLock { state in
                    guard !state.stopped else { return false }
                    state.spaceWaiters[id] = continuation
                    return true
                }
                guard registered else { return continuation.resume() }
                DispatchQueue.global().asyncAfter(deadline: .now() + Self.spaceRetryInterval) { [self] in
                    resumeSpaceWaiter(id)
                }
            }
        } onCancel: {
            resumeSpaceWaiter(id)
        }
    }

    private func resumeSpaceWaiter(_ id: UInt64) {
        state.withLock { $0.spaceWaiters.removeValue(forKey: id) }?.resume()
    }

    private func awaitDelivery(_ id: UInt) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock {
                    $0.deliveries.wait(id, .task(continuation), closedError: Self.closedError)
                }
                if let (waiter, outcome) = ready { waiter.resume(with: outcome) }
            }
        } onCancel: {
            state.withLock { $0.deliveries.cancel(id) }?.resume(throwing: CancellationError())
        }
    }

    // MARK: Event thread

    /// The event thread's body: sleeps in `poll(2)` until librdkafka signals its queue, serves every event, and
    /// on stop fails what is still in flight and destroys the handle.
    func runEventLoop() {
        while !state.withLock({ $0.stopRequested }) {
            // The timeout only bounds how long a missed wake-up could delay reports; normally the pipe wakes us.
            client.waitForEvents(timeoutMilliseconds: 1000)
            drainEvents()
        }
        drainEvents()
        let waiters = state.withLock { state in
            state.deliveries.close()
            state.enqueuedAt.removeAll()
            return state.deliveries.failAll(with: Self.closedError)
        }
        waiters.forEach { $0.resume(throwing: Self.closedError) }
        client.destroy()
        let (stopWaiters, spaceWaiters) = state.withLock { state in
            state.stopped = true
            defer {
                state.stopWaiters.removeAll()
                state.spaceWaiters.removeAll()
            }
            return (state.stopWaiters, Array(state.spaceWaiters.values))
        }
        spaceWaiters.forEach { $0.resume() }
        stopWaiters.forEach { $0.resume() }
    }

    private func drainEvents() {
        var servedReports = false
        while let event = client.nextEvent(timeoutMilliseconds: 0) {
            switch event {
            case .deliveryReports(let reports):
                handle(reports)
                servedReports = true
            case .error(let error) where error.isFatal:
                metrics.errors.increment()
                KafkaClientEvents.log(error, to: logger)
                let waiters = state.withLock { state in
                    state.fatalError = error
                    state.deliveries.close()
                    return state.deliveries.failAll(with: error)
                }
                waiters.forEach { $0.resume(throwing: error) }
            default:
                if !KafkaClientEvents.handleCommon(event, logger: logger, errors: metrics.errors) {
                    logger.debug("unexpected producer event")
                }
            }
        }
        if servedReports {
            let waiters = state.withLock { state in
                defer { state.spaceWaiters.removeAll() }
                return Array(state.spaceWaiters.values)
            }
            waiters.forEach { $0.resume() }
        }
    }

    private func handle(_ reports: [RDKafkaDeliveryReport]) {
        let now = ContinuousClock.now
        var latencies: [Duration] = []
        let ready = state.withLock { state in
            reports.compactMap { report -> (DeliveryWaiter, KafkaDeliveryTracker<DeliveryWaiter>.Outcome)? in
                if let start = state.enqueuedAt.removeValue(forKey: report.id) {
                    latencies.append(start.duration(to: now))
                }
                let outcome: KafkaDeliveryTracker<DeliveryWaiter>.Outcome =
                    report.error.map { .failure($0) } ?? .success(())
                return state.deliveries.report(report.id, outcome).map { ($0, outcome) }
            }
        }
        for (waiter, outcome) in ready { waiter.resume(with: outcome) }
        latencies.forEach { metrics.deliveryLatency.observe($0) }
        for report in reports {
            metrics.record(topic: report.topic, failed: report.error != nil)
            if let error = report.error {
                logger.debug(
                    "delivery failed",
                    [KafkaLoggingKeys.topic: report.topic, KafkaLoggingKeys.error: error.rdKafkaName ?? ""])
            }
        }
    }

    // MARK: Shutdown

    /// Refuses new sends; messages already enqueued still get their reports.
    func refuseNewSends() {
        state.withLock { $0.deliveries.close() }
    }

    /// Asks the event thread to stop. Does not wait.
    func requestStop() {
        state.withLock { $0.stopRequested = true }
        client.interruptWait()
    }

    /// Asks the event thread to stop and waits until it has destroyed the handle.
    func stop() async {
        requestStop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if !state.stopped { state.stopWaiters.append(continuation) }
                return state.stopped
            }
            if done { continuation.resume() }
        }
    }
}
