internal import CRdKafka
import Foundation

/// Topic administration through a short-lived handle whose results and logs arrive on a private queue.
/// Every function blocks for a broker round trip: call them off the cooperative pool.
enum RDKafkaAdmin {
    /// The broker's answer for one topic: `nil` error means success.
    typealias TopicOutcome = (name: String, error: KafkaError?)

    /// Creates `topics`. The corresponding C functions are `rd_kafka_NewTopic_new` and `rd_kafka_CreateTopics`.
    static func createTopics(
        _ topics: [TopicSpec], properties: [String: String], timeoutMilliseconds: Int32,
        onLog: (RDKafkaEvent) -> Void
    ) throws(KafkaError) -> [TopicOutcome] {
        try run(
            properties: properties, operation: RD_KAFKA_ADMIN_OP_CREATETOPICS,
            resultType: RD_KAFKA_EVENT_CREATETOPICS_RESULT, timeoutMilliseconds: timeoutMilliseconds, onLog: onLog,
            send: { handle, options, queue throws(KafkaError) in
                var errorText = [CChar](repeating: 0, count: 512)
                var newTopics: [OpaquePointer?] = []
                defer { newTopics.forEach { rd_kafka_NewTopic_destroy($0) } }
                for topic in topics {
                    guard
                        let newTopic = rd_kafka_NewTopic_new(
                            topic.name, Int32(topic.partitions), Int32(topic.replicationFactor), &errorText,
                            errorText.count)
                    else { throw KafkaError(.admin, message: "\(topic.name): \(rdKafkaString(errorText))") }
                    newTopics.append(newTopic)
                }
                rd_kafka_CreateTopics(handle, &newTopics, newTopics.count, options, queue)
            },
            results: { event in
                var count = 0
                let results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count)
                return topicOutcomes(results, count: count)
            })
    }

    /// Deletes `names`. The corresponding C functions are `rd_kafka_DeleteTopic_new` and `rd_kafka_DeleteTopics`.
    static func deleteTopics(
        _ names: [String], properties: [String: String], timeoutMilliseconds: Int32,
        onLog: (RDKafkaEvent) -> Void
    ) throws(KafkaError) -> [TopicOutcome] {
        try run(
            properties: properties, operation: RD_KAFKA_ADMIN_OP_DELETETOPICS,
            resultType: RD_KAFKA_EVENT_DELETETOPICS_RESULT, timeoutMilliseconds: timeoutMilliseconds, onLog: onLog,
            send: { handle, options, queue in
                var deletions: [OpaquePointer?] = names.map { rd_kafka_DeleteTopic_new($0) }
                defer { deletions.forEach { rd_kafka_DeleteTopic_destroy($0) } }
                rd_kafka_DeleteTopics(handle, &deletions, deletions.count, options, queue)
            },
            results: { event in
                var count = 0
                let results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count)
                return topicOutcomes(results, count: count)
            })
    }

    /// Creates the handle, queue and options, sends the request, then polls until the result event arrives or the
    /// time is up, passing log and error events to `onLog` on the way.
    private static func run(
        properties: [String: String], operation: rd_kafka_admin_op_t, resultType: Int32,
        timeoutMilliseconds: Int32, onLog: (RDKafkaEvent) -> Void,
        send: (_ handle: OpaquePointer, _ options: OpaquePointer, _ queue: OpaquePointer) throws(KafkaError) -> Void,
        results: (_ event: OpaquePointer) -> [TopicOutcome]
    ) throws(KafkaError) -> [TopicOutcome] {
        let handle = try RDKafkaHandleFactory.make(
            .producer, properties: properties, events: Int32(RD_KAFKA_EVENT_LOG | RD_KAFKA_EVENT_ERROR))
        defer { rd_kafka_destroy(handle) }
        guard let queue = rd_kafka_queue_new(handle) else {
            throw KafkaError(.admin, message: "rd_kafka_queue_new returned NULL")
        }
        defer { rd_kafka_queue_destroy(queue) }
        _ = rd_kafka_set_log_queue(handle, queue)
        guard let options = rd_kafka_AdminOptions_new(handle, operation) else {
            throw KafkaError(.admin, message: "rd_kafka_AdminOptions_new returned NULL")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errorText = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMilliseconds, &errorText, errorText.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMilliseconds, &errorText, errorText.count)
        try send(handle, options, queue)

        let deadline = ContinuousClock.now + .milliseconds(Int64(timeoutMilliseconds) + 1000)
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline).milliseconds
            guard remaining > 0 else { break }
            guard let event = rd_kafka_queue_poll(queue, Int32(min(remaining, Int64(Int32.max)))) else { continue }
            defer { rd_kafka_event_destroy(event) }
            guard rd_kafka_event_type(event) == resultType else {
                onLog(RDKafkaEvent(event))
                continue
            }
            let overall = rd_kafka_event_error(event)
            guard overall == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(
                    .admin, rdKafka: overall, message: rd_kafka_event_error_string(event).map { String(cString: $0) })
            }
            return results(event)
        }
        throw KafkaError(.timeout, message: "no admin result within \(timeoutMilliseconds) ms", isRetriable: true)
    }

    private static func topicOutcomes(
        _ results: UnsafeMutablePointer<OpaquePointer?>?, count: Int
    ) -> [TopicOutcome] {
        guard let results else { return [] }
        return (0..<count).compactMap { index in
            guard let result = results[index] else { return nil }
            let name = String(cString: rd_kafka_topic_result_name(result))
            let code = rd_kafka_topic_result_error(result)
            guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return (name, nil) }
            let text = rd_kafka_topic_result_error_string(result).map { String(cString: $0) }
            return (name, KafkaError(.admin, rdKafka: code, message: text))
        }
    }
}
