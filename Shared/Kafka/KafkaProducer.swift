import HordeCore

/// Sends messages to Kafka and reports, per message, whether the broker acknowledged it.
///
/// `send` never blocks a thread: it hands the message to librdkafka (waiting for queue space if the local queue is
/// full, up to `backpressureTimeout`) and suspends until its delivery report arrives. Reports are read on the
/// producer's own thread, which sleeps until librdkafka signals its event queue.
package final class KafkaProducer: Sendable {
    private let core: KafkaProducerCore
    private let backpressureTimeout: Duration

    /// Creates the producer and starts its event thread. `backpressureTimeout` (default 10 s) bounds how long a
    /// send waits for space in a full local queue before throwing `.queueFull`.
    package init(config: KafkaConfig, logger: Logger, backpressureTimeout: Duration = .seconds(10)) throws(KafkaError) {
        let client = try RDKafkaClient.makeProducer(properties: config.producerProperties)
        core = KafkaProducerCore(
            client: client, logger: logger.with(KafkaLoggingKeys.client, client.name),
            metrics: KafkaProducerMetrics(clientId: config.clientId))
        self.backpressureTimeout = backpressureTimeout
        DedicatedThread.start(name: "kafka-producer") { [core] in core.runEventLoop() }
    }

    deinit { core.requestStop() }

    /// Returns once the broker acknowledged the message (acks=all); throws `KafkaError` on failure.
    /// If the calling task is cancelled while waiting, throws `CancellationError`; the message may still arrive.
    package func send(
        topic: String, key: String?, value: [UInt8], headers: [(String, [UInt8])] = []
    ) async throws {
        try await core.send(
            topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers,
            backpressureTimeout: backpressureTimeout)
    }

    /// Like `send(topic:key:value:headers:)` with a binary key; `value: nil` writes a tombstone.
    package func send(
        topic: String, keyBytes: [UInt8]?, value: [UInt8]?, headers: [(String, [UInt8])] = []
    ) async throws {
        try await core.send(
            topic: topic, key: keyBytes, value: value, headers: headers, backpressureTimeout: backpressureTimeout)
    }

    /// Hands the message to librdkafka and returns at once; `onDelivery` runs on the producer's event thread with
    /// the broker's answer, so it must be quick and must not block. Throws (and never calls `onDelivery`) when the
    /// message is not taken, including `.queueFull` where `send` would wait for space.
    package func enqueue(
        topic: String, key: String?, value: [UInt8], headers: [(String, [UInt8])] = [],
        onDelivery: @escaping @Sendable (Result<Void, any Error>) -> Void
    ) throws(KafkaError) {
        try core.send(
            topic: topic, key: key.map { Array($0.utf8) }, value: value, headers: headers, onDelivery: onDelivery)
    }

    /// Waits up to `timeout` for every queued message to be acknowledged or fail. Runs off the cooperative pool.
    package func flush(timeout: Duration) async {
        let milliseconds = Int32(clamping: timeout.milliseconds)
        let remaining = await KafkaBlockingCalls.run { [core] in core.client.flush(timeoutMilliseconds: milliseconds) }
        if remaining > 0 {
            core.logger.info("flush timed out with messages still queued", ["kafka.remaining": String(remaining)])
        }
    }

    /// Refuses new sends, flushes for up to `flushTimeout` (default 10 s), fails sends still waiting with
    /// `.closed`, and destroys the handle. Later sends throw `.closed`.
    package func close(flushTimeout: Duration = .seconds(10)) async {
        core.refuseNewSends()
        await flush(timeout: flushTimeout)
        await core.stop()
    }
}
