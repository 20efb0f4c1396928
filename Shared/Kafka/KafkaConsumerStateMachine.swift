/// What a waiting `next()` is resumed with.
enum KafkaConsumerWaitOutcome: Sendable {
    /// A fetched message.
    case message(KafkaMessage)
    /// The consumer is closing or closed, or the wait was cancelled: iteration ends.
    case end
    /// A fatal error ended the consumer.
    case failure(KafkaError)
}

/// The consumer's shared state: who is waiting for a message, what was fetched while nobody was waiting, the
/// current assignment, and the shutdown phase. A pure value: the consumer keeps it behind a lock and performs the
/// actions it returns after releasing the lock. `Waiter` and `Closer` are continuations in production and any
/// values in tests.
struct KafkaConsumerStateMachine<Waiter, Closer> {
    /// What a waiter is resumed with.
    typealias Outcome = KafkaConsumerWaitOutcome

    /// What `next()` must do after registering.
    enum NextAction {
        /// Resume the waiter at once.
        case resume(Waiter, Outcome)
        /// The waiter is queued; wake the poll thread.
        case wakePollThread
    }

    /// What the poll thread should do next.
    enum PollDecision: Equatable {
        /// Someone is waiting for a message: poll librdkafka.
        case poll
        /// Nobody is waiting: sleep until woken, so messages stay in librdkafka's queue.
        case idle
        /// Leave the group and destroy the handle; `leaveGroup: false` drops it as a crash would.
        case close(leaveGroup: Bool)
    }

    private enum Phase {
        case running
        case closing(leaveGroup: Bool)
        case closed
    }

    private var phase = Phase.running
    private var waiters: [(id: UInt64, waiter: Waiter)] = []
    /// Messages fetched for a waiter that left (cancelled) before they arrived. Served before polling again, so a
    /// cancelled wait never skips a message.
    private var stash: [KafkaMessage] = []
    private var failure: KafkaError?
    private var closers: [Closer] = []
    /// The partitions currently assigned, as applied on the poll thread.
    private(set) var assignment: Set<KafkaTopicPartition> = []

    /// Whether `close` has finished.
    var isClosed: Bool { if case .closed = phase { true } else { false } }

    /// A `next()` call arrives with `waiter`.
    mutating func next(_ id: UInt64, _ waiter: Waiter) -> NextAction {
        if !stash.isEmpty { return .resume(waiter, .message(stash.removeFirst())) }
        if let failure { return .resume(waiter, .failure(failure)) }
        guard case .running = phase else { return .resume(waiter, .end) }
        waiters.append((id, waiter))
        return .wakePollThread
    }

    /// The `next()` call `id` was cancelled; returns its waiter if it was still waiting.
    mutating func cancel(_ id: UInt64) -> Waiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).waiter
    }

    /// The poll thread asks what to do.
    func pollDecision() -> PollDecision {
        switch phase {
        case .closing(let leaveGroup): .close(leaveGroup: leaveGroup)
        case .closed: .idle
        case .running: waiters.isEmpty ? .idle : .poll
        }
    }

    /// Messages were fetched: pairs them with waiters in arrival order and stashes the rest. Messages fetched
    /// while closing are dropped; their offsets were never stored, so the group delivers them again.
    mutating func deliver(_ messages: [KafkaMessage]) -> [(Waiter, Outcome)] {
        guard case .running = phase else { return [] }
        var resumed: [(Waiter, Outcome)] = []
        for message in messages {
            if waiters.isEmpty {
                stash.append(message)
            } else {
                resumed.append((waiters.removeFirst().waiter, .message(message)))
            }
        }
        return resumed
    }

    /// A rebalance was applied. Stashed messages of revoked partitions are dropped: the new owner reads them.
    mutating func applied(_ event: KafkaRebalanceEvent, eager: Bool) {
        switch event {
        case .assigned(let partitions):
            if eager { assignment = Set(partitions) } else { assignment.formUnion(partitions) }
        case .revoked(let partitions, _):
            let revoked = eager ? assignment : Set(partitions)
            assignment.subtract(revoked)
            stash.removeAll { revoked.contains(KafkaTopicPartition(topic: $0.topic, partition: $0.partition)) }
        }
    }

    /// A fatal error: every waiter and every later `next()` gets it.
    mutating func fail(_ error: KafkaError) -> [Waiter] {
        failure = error
        defer { waiters.removeAll() }
        return waiters.map(\.waiter)
    }

    /// Starts shutdown; returns the waiters to end. A second request keeps the first one's mode.
    mutating func requestClose(leaveGroup: Bool) -> [Waiter] {
        guard case .running = phase else { return [] }
        phase = .closing(leaveGroup: leaveGroup)
        stash.removeAll()
        defer { waiters.removeAll() }
        return waiters.map(\.waiter)
    }

    /// Someone waits for the close to finish; returns false if it already has (resume at once).
    mutating func awaitClosed(_ closer: Closer) -> Bool {
        if isClosed { return false }
        closers.append(closer)
        return true
    }

    /// The handle is destroyed; returns everyone waiting for that.
    mutating func finishClose() -> [Closer] {
        phase = .closed
        assignment.removeAll()
        defer { closers.removeAll() }
        return closers
    }
}
