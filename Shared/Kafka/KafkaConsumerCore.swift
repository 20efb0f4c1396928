import Dispatch
import HordeCore
import Synchronization

/// What a consumer, its iterators and its poll thread share. The poll thread holds this (not the public
/// `KafkaConsumer`), so dropping the consumer makes the thread close the group membership and destroy the handle.
///
/// librdkafka is only polled while some `next()` is waiting, so a message is fetched from librdkafka's queue only
/// when the application is ready for it; rebalances and commits are served by those same polls.
final class KafkaConsumerCore: Sendable {
    /// A suspended `next()`.
    typealias Waiter = CheckedContinuation<KafkaConsumerWaitOutcome, Never>
    /// A suspended `close()`.
    typealias Closer = CheckedContinuation<Void, Never>
    /// The state machine with real continuations.
    typealias Machine = KafkaConsumerStateMachine<Waiter, Closer>

    /// The librdkafka handle.
    let client: RDKafkaClient
    /// Carries `kafka.group` and `kafka.client`.
    let logger: Logger
    /// Counters.
    let metrics: KafkaConsumerMetrics
    /// Rebalances as the application sees them; bounded, so an unread stream costs at most 64 events.
    let rebalanceEvents: AsyncStream<KafkaRebalanceEvent>
    private let rebalanceContinuation: AsyncStream<KafkaRebalanceEvent>.Continuation
    private let state = Mutex(Machine())
    private let lastWaiterID = Atomic<UInt64>(0)
    /// Counts wake-ups of the idle poll thread; extra signals only cost one more look at the state.
    private let wakeup = DispatchSemaphore(value: 0)
    /// Longest single blocking poll; cancellation and close cut it short with `interruptWait`.
    private static let pollSliceMilliseconds: Int32 = 100
    /// Longest time the close sequence waits for librdkafka to finish leaving the group.
    private static let closeBound: Duration = .seconds(30)

    /// Wraps a subscribed consumer handle; the caller starts `runPollLoop` on a dedicated thread.
    init(client: RDKafkaClient, logger: Logger, metrics: KafkaConsumerMetrics) {
        self.client = client
        self.logger = logger
        self.metrics = metrics
        (rebalanceEvents, rebalanceContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(64))
    }

    /// The partitions assigned right now.
    var assignment: Set<KafkaTopicPartition> { state.withLock { $0.assignment } }

    // MARK: Iteration

    /// The next message; nil once closed or when the calling task is cancelled; throws after a fatal error.
    func next() async throws(KafkaError) -> KafkaMessage? {
        if Task.isCancelled { return nil }
        let id = lastWaiterID.add(1, ordering: .relaxed).newValue
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: Waiter) in
                switch state.withLock({ $0.next(id, waiter) }) {
                case .resume(let waiter, let outcome):
                    waiter.resume(returning: outcome)
                case .wakePollThread:
                    wakeup.signal()
                    // Cancellation that landed before the registration finds no waiter to end: end it here.
                    if Task.isCancelled { endWait(id) }
                }
            }
        } onCancel: {
            endWait(id)
        }
        switch outcome {
        case .message(let message): return message
        case .end: return nil
        case .failure(let error): throw error
        }
    }

    private func endWait(_ id: UInt64) {
        guard let waiter = state.withLock({ $0.cancel(id) }) else { return }
        waiter.resume(returning: .end)
        client.interruptWait()
    }

    // MARK: Poll thread

    /// The poll thread's body: polls while someone waits, sleeps otherwise, and runs the close sequence.
    func runPollLoop() {
        while true {
            switch state.withLock({ $0.pollDecision() }) {
            case .idle:
                wakeup.wait()
            case .poll:
                if let event = client.nextEvent(timeoutMilliseconds: Self.pollSliceMilliseconds) { handle(event) }
            case .close(let leaveGroup):
                if leaveGroup { leaveGroupCleanly() }
                client.destroy(leaveGroup: leaveGroup)
                let closers = state.withLock { $0.finishClose() }
                rebalanceContinuation.finish()
                closers.forEach { $0.resume() }
                logger.info("kafka consumer closed")
                return
            }
        }
    }

    /// `rd_kafka_consumer_close_queue`, then serve events (the final revoke and commit) until librdkafka reports
    /// the consumer closed, then drain what is left.
    private func leaveGroupCleanly() {
        do {
            try client.beginConsumerClose()
        } catch {
            KafkaClientEvents.log(error, to: logger)
            return
        }
        let deadline = ContinuousClock.now + Self.closeBound
        while !client.isConsumerClosed && ContinuousClock.now < deadline {
            if let event = client.nextEvent(timeoutMilliseconds: Self.pollSliceMilliseconds) { handle(event) }
        }
        while let event = client.nextEvent(timeoutMilliseconds: 0) { handle(event) }
    }

    private func handle(_ event: RDKafkaEvent) {
        switch event {
        case .messages(let messages):
            let resumed = state.withLock { $0.deliver(messages) }
            metrics.consumed(messages)
            for (waiter, outcome) in resumed { waiter.resume(returning: outcome) }
        case .messageError(let error):
            metrics.errors.increment()
            KafkaClientEvents.log(error, to: logger)
        case .rebalance(let rebalance):
            apply(rebalance)
        case .offsetCommit(let error, let partitions):
            if let error {
                metrics.commitErrors.increment()
                logger.info("offset commit failed: \(error.message)", [KafkaLoggingKeys.error: error.rdKafkaName ?? ""])
            } else {
                logger.trace("offsets committed", [KafkaLoggingKeys.partitions: partitions.description])
            }
        case .error(let error) where error.isFatal:
            metrics.errors.increment()
            KafkaClientEvents.log(error, to: logger)
            state.withLock { $0.fail(error) }.forEach { $0.resume(returning: .failure(error)) }
        case .deliveryReports:
            logger.debug("unexpected delivery report on a consumer")
        default:
            _ = KafkaClientEvents.handleCommon(event, logger: logger, errors: metrics.errors)
        }
    }

    private func apply(_ rebalance: RDKafkaRebalance) {
        let applied = client.applyRebalance(rebalance)
        metrics.rebalances.increment()
        let event: KafkaRebalanceEvent
        switch rebalance.kind {
        case .assign:
            event = .assigned(rebalance.partitions)
        case .revoke:
            event = .revoked(rebalance.partitions, lost: applied.lost)
        case .failed(let error):
            KafkaClientEvents.log(error, to: logger)
            event = .revoked(rebalance.partitions, lost: true)
        }
        if let error = applied.error {
            metrics.errors.increment()
            logger.info(
                "applying a rebalance failed: \(error.message)", [KafkaLoggingKeys.error: error.rdKafkaName ?? ""])
        }
        state.withLock { $0.applied(event, eager: applied.protocolName != "COOPERATIVE") }
        logger.info(
            "partitions \(event.isAssignment ? "assigned" : "revoked")",
            [
                KafkaLoggingKeys.partitions: event.partitions.map(\.description).joined(separator: ","),
                KafkaLoggingKeys.rebalanceProtocol: applied.protocolName,
            ])
        rebalanceContinuation.yield(event)
    }

    // MARK: Shutdown

    /// Starts shutdown without waiting: pending `next()` calls end, the poll thread leaves the group (or, with
    /// `leaveGroup: false`, drops the handle as a crash would) and destroys the handle.
    func requestClose(leaveGroup: Bool) {
        let waiters = state.withLock { $0.requestClose(leaveGroup: leaveGroup) }
        waiters.forEach { $0.resume(returning: .end) }
        wakeup.signal()
        client.interruptWait()
    }

    /// Waits until the poll thread has destroyed the handle.
    func waitUntilClosed() async {
        await withCheckedContinuation { (closer: Closer) in
            if !state.withLock({ $0.awaitClosed(closer) }) { closer.resume() }
        }
    }
}

extension KafkaRebalanceEvent {
    fileprivate var isAssignment: Bool { if case .assigned = self { true } else { false } }
}
