internal import CRdKafka

extension RDKafkaClient {
    /// What applying a rebalance did.
    struct AppliedRebalance: Sendable {
        /// `COOPERATIVE` (incremental assign/unassign) or `EAGER` (whole-assignment replace), per
        /// `rd_kafka_rebalance_protocol`.
        let protocolName: String
        /// On revoke: the partitions were lost (the member was already out of the group).
        let lost: Bool
        /// Set when librdkafka refused the assignment change.
        let error: KafkaError?
    }

    /// Joins the group and subscribes to `topics`. The call only hands the subscription to librdkafka's main
    /// thread and waits for its acknowledgement (no network round trip); the join itself happens in the background.
    /// The corresponding C function is `rd_kafka_subscribe`.
    func subscribe(_ topics: [String]) throws(KafkaError) {
        try withHandle { handle, _ throws(KafkaError) in
            let list = RDKafkaTopicPartitionList(subscribing: topics)
            let result = rd_kafka_subscribe(handle, list.pointer)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(.consume, rdKafka: result) }
        }
    }

    /// Applies a rebalance event: incremental (un)assign under the cooperative protocol, a full assign or
    /// unassign under the eager one. Must run on the thread that polls, before polling again.
    /// The corresponding C functions are `rd_kafka_incremental_assign`, `rd_kafka_incremental_unassign` and
    /// `rd_kafka_assign`.
    func applyRebalance(_ rebalance: RDKafkaRebalance) -> AppliedRebalance {
        do {
            return try withHandle { handle, _ in
                let protocolName = rd_kafka_rebalance_protocol(handle).map { String(cString: $0) } ?? "NONE"
                let cooperative = protocolName == "COOPERATIVE"
                let list = RDKafkaTopicPartitionList(rebalance.partitions)
                var lost = false
                var error: KafkaError?
                switch rebalance.kind {
                case .assign:
                    if cooperative {
                        error = rd_kafka_incremental_assign(handle, list.pointer).map {
                            KafkaError.consuming(.rebalance, $0)
                        }
                    } else {
                        error = Self.check(rd_kafka_assign(handle, list.pointer))
                    }
                case .revoke, .failed:
                    lost = rd_kafka_assignment_lost(handle) != 0
                    if cooperative {
                        error = rd_kafka_incremental_unassign(handle, list.pointer).map {
                            KafkaError.consuming(.rebalance, $0)
                        }
                    } else {
                        error = Self.check(rd_kafka_assign(handle, nil))
                    }
                }
                return AppliedRebalance(protocolName: protocolName, lost: lost, error: error)
            }
        } catch {
            return AppliedRebalance(protocolName: "NONE", lost: true, error: error)
        }
    }

    /// What storing an offset did.
    enum StoreOutcome: Sendable {
        /// Stored; the next commit includes it.
        case stored
        /// The partition is not assigned to this member any more; the new owner will see the message again.
        case notAssigned
    }

    /// Stores `offset` (the next offset to read) for the partition, to be committed by auto-commit or `commit`.
    /// The corresponding C function is `rd_kafka_offsets_store`.
    func storeOffset(topic: String, partition: Int32, offset: Int64) throws(KafkaError) -> StoreOutcome {
        try withHandle { handle, _ throws(KafkaError) -> StoreOutcome in
            let list = RDKafkaTopicPartitionList(
                [KafkaTopicPartition(topic: topic, partition: partition)], offset: offset)
            let result = rd_kafka_offsets_store(handle, list.pointer)
            let error = list.firstError ?? result
            switch error {
            case RD_KAFKA_RESP_ERR_NO_ERROR: return .stored
            case RD_KAFKA_RESP_ERR__STATE, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION: return .notAssigned
            default: throw KafkaError(.offsetStore, rdKafka: error)
            }
        }
    }

    /// Commits the stored offsets and waits for the broker's answer. Nothing stored is success.
    /// Blocks for a round trip: call it off the cooperative pool. The corresponding C function is `rd_kafka_commit`.
    func commitStoredOffsets() throws(KafkaError) {
        try withHandle { handle, _ throws(KafkaError) in
            let result = rd_kafka_commit(handle, nil, 0)
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR || result == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError(.commit, rdKafka: result)
            }
        }
    }

    /// Starts leaving the group: the final revoke and commit happen asynchronously, with their events delivered
    /// to the consumer queue; keep calling `nextEvent` until `isConsumerClosed`.
    /// The corresponding C function is `rd_kafka_consumer_close_queue`.
    func beginConsumerClose() throws(KafkaError) {
        try withHandle { handle, queue throws(KafkaError) in
            if let error = rd_kafka_consumer_close_queue(handle, queue) {
                throw KafkaError.consuming(.consume, error)
            }
        }
    }

    /// Whether the close started by `beginConsumerClose` has finished (true after `destroy()` too).
    /// The corresponding C function is `rd_kafka_consumer_closed`.
    var isConsumerClosed: Bool {
        (try? withHandle { handle, _ in rd_kafka_consumer_closed(handle) != 0 }) ?? true
    }

    /// The partitions currently assigned. The corresponding C function is `rd_kafka_assignment`.
    func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        try withHandle { handle, _ throws(KafkaError) in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let result = rd_kafka_assignment(handle, &list)
            defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
            guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(.consume, rdKafka: result) }
            return RDKafkaTopicPartitionList.partitions(of: list)
        }
    }

    private static func check(_ result: rd_kafka_resp_err_t) -> KafkaError? {
        result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(.rebalance, rdKafka: result)
    }
}
