import Kafka

/// A bounded hand-off between the task that reads Kafka and the task that applies batches: the reader waits when
/// `capacity` messages are buffered, the applier takes everything buffered (up to a batch) at once, so a busy topic
/// turns into large transactions and a quiet one into small, prompt ones.
actor MessageBatchBuffer {
    private var items: [KafkaMessage] = []
    private var finished = false
    private var taker: CheckedContinuation<Void, Never>?
    private var pushers: [CheckedContinuation<Void, Never>] = []
    /// The most messages held at once.
    let capacity: Int

    /// A buffer of `capacity` messages.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds a message, waiting while the buffer is full; dropped once finished.
    func push(_ message: KafkaMessage) async {
        while items.count >= capacity && !finished {
            await withCheckedContinuation { pushers.append($0) }
        }
        guard !finished else { return }
        items.append(message)
        taker?.resume()
        taker = nil
    }

    /// Up to `limit` buffered messages, waiting for at least one; nil once finished.
    func take(limit: Int) async -> [KafkaMessage]? {
        while items.isEmpty {
            if finished { return nil }
            await withCheckedContinuation { taker = $0 }
        }
        guard !finished else { return nil }
        let batch = Array(items.prefix(limit))
        items.removeFirst(batch.count)
        let waiting = pushers
        pushers = []
        waiting.forEach { $0.resume() }
        return batch
    }

    /// Stops the hand-off: what is buffered is dropped (its offsets were never stored, so Kafka redelivers it) and
    /// every waiter returns.
    func finish() {
        finished = true
        items = []
        taker?.resume()
        taker = nil
        pushers.forEach { $0.resume() }
        pushers = []
    }
}
