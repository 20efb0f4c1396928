import HordeCore

/// A consumer-group member with at-least-once delivery: iterate `messages`, process each one, then call
/// `storeOffset(_:)`; stored offsets are committed automatically (every second by default), on rebalance and on
/// `close()`. A message whose offset was never stored is delivered again after a restart or rebalance, so
/// processing must be idempotent.
///
/// librdkafka is polled on the consumer's own thread, never on the cooperative pool, and only while `messages`
/// is being iterated; keep per-message work under `maxPollInterval` or the group will evict this member.
package final class KafkaConsumer: Sendable {
    private let core: KafkaConsumerCore

    /// Creates the consumer, subscribes to `config.topics` and starts its poll thread. The group join completes
    /// while `messages` is iterated.
    package init(config: KafkaConsumerConfig, logger: Logger) throws(KafkaError) {
        let client = try RDKafkaClient.makeConsumer(properties: config.properties)
        try client.subscribe(config.topics)
        core = KafkaConsumerCore(
            client: client,
            logger: logger.with(KafkaLoggingKeys.group, config.groupId).with(KafkaLoggingKeys.client, client.name),
            metrics: KafkaConsumerMetrics(group: config.groupId))
        DedicatedThread.start(name: "kafka-consumer") { [core] in core.runPollLoop() }
    }

    deinit { core.requestClose(leaveGroup: true) }

    /// The messages of the subscribed topics. Iteration ends after `close()` or when the iterating task is
    /// cancelled, and throws a fatal `KafkaError`. Tombstones arrive with `value == nil`.
    package var messages: KafkaMessageSequence { KafkaMessageSequence(core: core) }

    /// Rebalances in the order they were applied: partitions assigned to and revoked from this member.
    /// Meant for one reader; keeps the newest 64 events if nobody reads. Finishes after `close()`.
    package var rebalanceEvents: AsyncStream<KafkaRebalanceEvent> { core.rebalanceEvents }

    /// The partitions assigned to this member right now.
    package var assignment: Set<KafkaTopicPartition> { core.assignment }

    /// Marks `message` processed: stores offset+1 for its partition, to be included in the next commit.
    /// Returns false (and stores nothing) when the partition is no longer assigned to this member or the consumer
    /// is closed: the message's next owner will read it again. Throws for any other failure.
    @discardableResult
    package func storeOffset(_ message: KafkaMessage) throws(KafkaError) -> Bool {
        let outcome: RDKafkaClient.StoreOutcome
        do {
            outcome = try core.client.storeOffset(
                topic: message.topic, partition: message.partition, offset: message.offset + 1)
        } catch  where error.code == .closed {
            outcome = .notAssigned
        }
        guard case .notAssigned = outcome else { return true }
        core.metrics.storeSkipped.increment()
        core.logger.debug(
            "offset not stored: partition not assigned",
            [
                KafkaLoggingKeys.topic: message.topic, KafkaLoggingKeys.partition: String(message.partition),
                KafkaLoggingKeys.offset: String(message.offset),
            ])
        return false
    }

    /// Commits the stored offsets now and waits for the broker's answer (off the cooperative pool).
    /// Succeeds when nothing is stored. Throws `.closed` after `close()`.
    package func commit() async throws(KafkaError) {
        try await KafkaBlockingCalls.run { [core] () throws(KafkaError) in try core.client.commitStoredOffsets() }
    }

    /// Leaves the group cleanly: iteration ends, the final revoke commits stored offsets, and the handle is
    /// destroyed. Safe to call more than once and concurrently.
    package func close() async {
        core.requestClose(leaveGroup: true)
        await core.waitUntilClosed()
    }

    /// Drops the handle without leaving the group or committing, as a crashed process would: the group keeps
    /// this member's partitions until its session times out. For failure tests.
    package func abandon() async {
        core.requestClose(leaveGroup: false)
        await core.waitUntilClosed()
    }
}
