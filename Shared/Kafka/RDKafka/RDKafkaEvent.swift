internal import CRdKafka
import Foundation

/// A delivery report for one produced message: the ID passed as its opaque, and where it landed or why not.
struct RDKafkaDeliveryReport: Sendable {
    /// The producer's message ID.
    let id: UInt
    /// `nil` when the broker acknowledged the message.
    let error: KafkaError?
    /// The topic it was produced to.
    let topic: String
    /// The partition it landed in (or -1).
    let partition: Int32
    /// Its offset (or -1 when unknown or failed).
    let offset: Int64
}

/// A group rebalance the application must apply (assign or unassign) before polling on.
struct RDKafkaRebalance: Sendable {
    /// What the coordinator asks for.
    enum Kind: Sendable {
        /// Partitions to add to the assignment.
        case assign
        /// Partitions to take away.
        case revoke
        /// Any other rebalance error: librdkafka's guidance is to drop the assignment.
        case failed(KafkaError)
    }
    /// What the coordinator asks for.
    let kind: Kind
    /// The partitions concerned.
    let partitions: [KafkaTopicPartition]
}

/// One event taken off a librdkafka queue, copied into Swift values before `rd_kafka_event_destroy`.
enum RDKafkaEvent: Sendable {
    /// Producer delivery reports (`RD_KAFKA_EVENT_DR`).
    case deliveryReports([RDKafkaDeliveryReport])
    /// Fetched messages (`RD_KAFKA_EVENT_FETCH`); records whose own error is set are reported as `messageError`.
    case messages([KafkaMessage])
    /// A fetched record that carries an error instead of data.
    case messageError(KafkaError)
    /// A rebalance to apply (`RD_KAFKA_EVENT_REBALANCE`).
    case rebalance(RDKafkaRebalance)
    /// The result of an offset commit (`RD_KAFKA_EVENT_OFFSET_COMMIT`); `nil` error means success.
    case offsetCommit(KafkaError?, [KafkaTopicPartition])
    /// A librdkafka log line, with its syslog level (0 emergency … 7 debug).
    case log(level: Int32, facility: String, message: String)
    /// A client-level error (`RD_KAFKA_EVENT_ERROR`), possibly fatal.
    case error(KafkaError)
    /// Any other event type, by name.
    case other(String)

    /// Copies `event` (an `rd_kafka_event_t *`); the caller destroys it.
    init(_ event: OpaquePointer) {
        switch rd_kafka_event_type(event) {
        case RD_KAFKA_EVENT_DR:
            self = .deliveryReports(RDKafkaEvent.deliveryReports(event))
        case RD_KAFKA_EVENT_FETCH:
            var messages: [KafkaMessage] = []
            var failure: KafkaError?
            while let message = rd_kafka_event_message_next(event) {
                switch RDKafkaEvent.copy(message) {
                case .success(let copied): messages.append(copied)
                case .failure(let error): failure = error
                }
            }
            if messages.isEmpty, let failure { self = .messageError(failure) } else { self = .messages(messages) }
        case RD_KAFKA_EVENT_REBALANCE:
            let code = rd_kafka_event_error(event)
            let partitions = RDKafkaTopicPartitionList.partitions(of: rd_kafka_event_topic_partition_list(event))
            let kind: RDKafkaRebalance.Kind =
                switch code {
                case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS: .assign
                case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS: .revoke
                default: .failed(KafkaError(.rebalance, rdKafka: code))
                }
            self = .rebalance(RDKafkaRebalance(kind: kind, partitions: partitions))
        case RD_KAFKA_EVENT_OFFSET_COMMIT:
            let code = rd_kafka_event_error(event)
            let partitions = RDKafkaTopicPartitionList.partitions(of: rd_kafka_event_topic_partition_list(event))
            let error =
                code == RD_KAFKA_RESP_ERR_NO_ERROR || code == RD_KAFKA_RESP_ERR__NO_OFFSET
                ? nil : KafkaError(.commit, rdKafka: code, message: RDKafkaEvent.errorString(event))
            self = .offsetCommit(error, partitions)
        case RD_KAFKA_EVENT_LOG:
            var facility: UnsafePointer<CChar>?
            var text: UnsafePointer<CChar>?
            var level: Int32 = 7
            rd_kafka_event_log(event, &facility, &text, &level)
            self = .log(
                level: level, facility: facility.map { String(cString: $0) } ?? "",
                message: text.map { String(cString: $0) } ?? "")
        case RD_KAFKA_EVENT_ERROR:
            let fatal = rd_kafka_event_error_is_fatal(event) != 0
            self = .error(
                KafkaError(
                    fatal ? .fatal : .consume, rdKafka: rd_kafka_event_error(event),
                    message: RDKafkaEvent.errorString(event), isFatal: fatal))
        default:
            self = .other(rd_kafka_event_name(event).map { String(cString: $0) } ?? "unknown")
        }
    }

    private static func errorString(_ event: OpaquePointer) -> String? {
        rd_kafka_event_error_string(event).map { String(cString: $0) }
    }

    private static func deliveryReports(_ event: OpaquePointer) -> [RDKafkaDeliveryReport] {
        let capacity = rd_kafka_event_message_count(event)
        guard capacity > 0 else { return [] }
        var messages = [UnsafePointer<rd_kafka_message_t>?](repeating: nil, count: capacity)
        let count = rd_kafka_event_message_array(event, &messages, capacity)
        return messages.prefix(count).compactMap { pointer in
            guard let message = pointer?.pointee else { return nil }
            let id = UInt(bitPattern: message._private)
            let error =
                message.err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError(.delivery, rdKafka: message.err)
            return RDKafkaDeliveryReport(
                id: id, error: error, topic: message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? "",
                partition: message.partition, offset: message.offset)
        }
    }

    /// Copies key, value, headers and metadata; a NULL payload is a tombstone (`value == nil`), never a trap.
    private static func copy(_ pointer: UnsafePointer<rd_kafka_message_t>) -> Result<KafkaMessage, KafkaError> {
        let message = pointer.pointee
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        guard message.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let detail = rd_kafka_message_errstr(pointer).map { String(cString: $0) }
            let text = "\(topic)[\(message.partition)]: " + (detail ?? String(cString: rd_kafka_err2str(message.err)))
            return .failure(KafkaError(.consume, rdKafka: message.err, message: text))
        }
        let key = message.key.map { Array(UnsafeRawBufferPointer(start: $0, count: message.key_len)) }
        let value = message.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: message.len)) }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let milliseconds = rd_kafka_message_timestamp(pointer, &timestampType)
        let timestamp =
            milliseconds >= 0 ? Date(timeIntervalSince1970: Double(milliseconds) / 1000) : nil
        return .success(
            KafkaMessage(
                topic: topic, partition: message.partition, offset: message.offset, key: key, value: value,
                headers: headers(of: pointer), timestamp: timestamp))
    }

    private static func headers(of message: UnsafePointer<rd_kafka_message_t>) -> [(String, [UInt8])] {
        var list: OpaquePointer?
        guard rd_kafka_message_headers(message, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list else { return [] }
        var headers: [(String, [UInt8])] = []
        var index = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(list, index, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR else {
                break
            }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
            headers.append((name.map { String(cString: $0) } ?? "", bytes))
            index += 1
        }
        return headers
    }
}
