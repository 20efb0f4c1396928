internal import CRdKafka
import HordeCore

/// Owns one `rd_kafka_t` and the queue its events are read from, and is the only way to call librdkafka on it.
///
/// Every operation takes the handle lock shared, so any number may run at once (librdkafka is thread-safe for all
/// of them); `destroy()` takes it exclusively, so it waits for running calls and later calls see a closed client
/// instead of freed memory.
final class RDKafkaClient: @unchecked Sendable {
    // Invariant: `handle` and `queue` are assigned in `init` and set to nil only inside `destroy()` under the
    // exclusive lock; every other access happens under the shared lock. `eventPipe` is immutable.
    private let lock = RDKafkaHandleLock()
    private var handle: OpaquePointer?
    private var queue: OpaquePointer?
    private let eventPipe: RDKafkaEventPipe?

    /// `rd_kafka_name`: the client id plus librdkafka's instance suffix, for logs.
    let name: String

    private init(handle: OpaquePointer, queue: OpaquePointer, eventPipe: RDKafkaEventPipe?) {
        self.handle = handle
        self.queue = queue
        self.eventPipe = eventPipe
        self.name = String(cString: rd_kafka_name(handle))
    }

    deinit { destroy() }

    /// A producer whose delivery reports, logs and errors arrive on the main queue, which writes to a pipe when it
    /// becomes non-empty (`rd_kafka_queue_io_event_enable`), so `waitForEvents` can sleep in `poll(2)`.
    static func makeProducer(properties: [String: String]) throws(KafkaError) -> RDKafkaClient {
        let pipe = try RDKafkaEventPipe()
        let handle = try RDKafkaHandleFactory.make(
            .producer, properties: properties,
            events: Int32(RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR))
        guard let queue = rd_kafka_queue_get_main(handle) else {
            rd_kafka_destroy(handle)
            throw KafkaError(.client, message: "rd_kafka_queue_get_main returned NULL")
        }
        rd_kafka_set_log_queue(handle, nil)
        var payload: UInt8 = 1
        rd_kafka_queue_io_event_enable(queue, pipe.writeDescriptor, &payload, 1)
        return RDKafkaClient(handle: handle, queue: queue, eventPipe: pipe)
    }

    /// A consumer whose main queue (logs, errors, commit results) is forwarded to the consumer queue, so one
    /// `nextEvent` loop sees messages, rebalances and everything else in order. Rebalances arrive as events
    /// (`RD_KAFKA_EVENT_REBALANCE`) and must be applied with `applyRebalance`.
    static func makeConsumer(properties: [String: String]) throws(KafkaError) -> RDKafkaClient {
        let handle = try RDKafkaHandleFactory.make(
            .consumer, properties: properties,
            events: Int32(
                RD_KAFKA_EVENT_REBALANCE | RD_KAFKA_EVENT_OFFSET_COMMIT | RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR))
        rd_kafka_poll_set_consumer(handle)
        rd_kafka_set_log_queue(handle, nil)
        guard let queue = rd_kafka_queue_get_consumer(handle) else {
            rd_kafka_destroy(handle)
            throw KafkaError(.client, message: "rd_kafka_queue_get_consumer returned NULL")
        }
        return RDKafkaClient(handle: handle, queue: queue, eventPipe: nil)
    }

    /// Runs `body` with the live handle and queue, or throws `.closed` after `destroy()`.
    func withHandle<R>(
        _ body: (_ handle: OpaquePointer, _ queue: OpaquePointer) throws(KafkaError) -> R
    ) throws(KafkaError) -> R {
        try lock.withSharedAccess { () throws(KafkaError) -> R in
            guard let handle, let queue else { throw KafkaError(.closed, message: "the Kafka client is closed") }
            return try body(handle, queue)
        }
    }

    /// Takes the next event, waiting at most `timeoutMilliseconds` (0: don't wait). `nil` when none arrived,
    /// the wait was cut short by `interruptWait()`, or the client is destroyed.
    /// The corresponding C function is `rd_kafka_queue_poll`.
    func nextEvent(timeoutMilliseconds: Int32) -> RDKafkaEvent? {
        try? withHandle { _, queue in
            guard let event = rd_kafka_queue_poll(queue, timeoutMilliseconds) else { return nil }
            defer { rd_kafka_event_destroy(event) }
            return RDKafkaEvent(event)
        }
    }

    /// Wakes the thread that waits for events: a producer's `waitForEvents` through its pipe, a consumer's blocking
    /// `nextEvent` with `rd_kafka_queue_yield` (which makes it, or the next one if none is blocked, return nil).
    func interruptWait() {
        if let eventPipe {
            eventPipe.wake()
        } else {
            _ = try? withHandle { _, queue in rd_kafka_queue_yield(queue) }
        }
    }

    /// Blocks until the event queue signals new events through its pipe, or `timeoutMilliseconds` pass.
    /// Only for producers; call `nextEvent(timeoutMilliseconds: 0)` until it returns nil afterwards, because the
    /// pipe is written once per empty-to-non-empty transition, not once per event.
    func waitForEvents(timeoutMilliseconds: Int32) {
        eventPipe?.wait(timeoutMilliseconds: timeoutMilliseconds)
    }

    /// Frees the handle. Idempotent. `leaveGroup: false` skips the consumer close (no final commit, no leave
    /// request), as a crashed process would. The corresponding C functions are `rd_kafka_queue_destroy` and
    /// `rd_kafka_destroy` / `rd_kafka_destroy_flags`; they block while librdkafka's threads stop, so call this off
    /// the cooperative pool.
    func destroy(leaveGroup: Bool = true) {
        lock.withExclusiveAccess {
            guard let handle else { return }
            if let queue {
                if eventPipe != nil { rd_kafka_queue_io_event_enable(queue, -1, nil, 0) }
                rd_kafka_queue_destroy(queue)
            }
            if leaveGroup {
                rd_kafka_destroy(handle)
            } else {
                rd_kafka_destroy_flags(handle, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE)
            }
            self.handle = nil
            self.queue = nil
        }
    }
}
