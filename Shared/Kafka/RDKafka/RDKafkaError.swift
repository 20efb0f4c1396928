internal import CRdKafka

extension KafkaError {
    /// Wraps a librdkafka response code, naming it with `rd_kafka_err2name` and describing it with `message` or
    /// `rd_kafka_err2str`.
    init(
        _ code: Code, rdKafka error: rd_kafka_resp_err_t, message: String? = nil, isFatal: Bool = false,
        file: String = #fileID, line: UInt = #line
    ) {
        self.init(
            code, message: message ?? String(cString: rd_kafka_err2str(error)), rdKafkaCode: error.rawValue,
            rdKafkaName: String(cString: rd_kafka_err2name(error)), isFatal: isFatal,
            isRetriable: KafkaError.isTransient(error), file: file, line: line)
    }

    /// Takes ownership of an `rd_kafka_error_t` (destroying it) and wraps it.
    static func consuming(
        _ code: Code, _ error: OpaquePointer, file: String = #fileID, line: UInt = #line
    ) -> KafkaError {
        defer { rd_kafka_error_destroy(error) }
        let raw = rd_kafka_error_code(error)
        return KafkaError(
            code, message: String(cString: rd_kafka_error_string(error)), rdKafkaCode: raw.rawValue,
            rdKafkaName: String(cString: rd_kafka_error_name(error)), isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || KafkaError.isTransient(raw), file: file, line: line)
    }

    /// Codes that describe a passing broker or network condition rather than a wrong request.
    private static func isTransient(_ error: rd_kafka_resp_err_t) -> Bool {
        let transient: [rd_kafka_resp_err_t] = [
            RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__TIMED_OUT,
            RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__QUEUE_FULL, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION, RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_COORDINATOR,
            RD_KAFKA_RESP_ERR_COORDINATOR_LOAD_IN_PROGRESS, RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS,
            RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        ]
        return transient.contains(error)
    }
}

/// Copies a NUL-terminated C string buffer filled by librdkafka (`errstr` arguments).
func rdKafkaString(_ buffer: [CChar]) -> String {
    buffer.withUnsafeBufferPointer { pointer in
        guard let base = pointer.baseAddress else { return "" }
        return String(cString: base)
    }
}
