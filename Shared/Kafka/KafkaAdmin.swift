import HordeCore

/// Topic administration for start-up and tests. Each call uses a short-lived client and runs off the cooperative
/// pool.
package enum KafkaAdmin {
    /// Creates `topics`; a topic that already exists counts as created (its partition count is left as it is).
    /// Throws the first other per-topic failure, or `.timeout` if the brokers did not answer within `timeout`.
    package static func createTopics(
        _ topics: [TopicSpec], config: KafkaConfig, logger: Logger, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) {
        guard !topics.isEmpty else { return }
        let outcomes = try await run(config: config, logger: logger) { properties, onLog throws(KafkaError) in
            try RDKafkaAdmin.createTopics(
                topics, properties: properties, timeoutMilliseconds: Int32(clamping: timeout.milliseconds),
                onLog: onLog)
        }
        for (name, error) in outcomes {
            guard let error else {
                logger.info("topic created", [KafkaLoggingKeys.topic: name])
                continue
            }
            guard error.rdKafkaName != "TOPIC_ALREADY_EXISTS" else {
                logger.debug("topic already exists", [KafkaLoggingKeys.topic: name])
                continue
            }
            throw error
        }
    }

    /// Deletes the topics called `names`; a topic that does not exist counts as deleted.
    package static func deleteTopics(
        _ names: [String], config: KafkaConfig, logger: Logger, timeout: Duration = .seconds(10)
    ) async throws(KafkaError) {
        guard !names.isEmpty else { return }
        let outcomes = try await run(config: config, logger: logger) { properties, onLog throws(KafkaError) in
            try RDKafkaAdmin.deleteTopics(
                names, properties: properties, timeoutMilliseconds: Int32(clamping: timeout.milliseconds),
                onLog: onLog)
        }
        for (_, error) in outcomes where error?.rdKafkaName != "UNKNOWN_TOPIC_OR_PART" {
            if let error { throw error }
        }
    }

    /// One admin request: gets the client properties and a sink for log events, returns per-topic outcomes.
    private typealias Request =
        @Sendable ([String: String], (RDKafkaEvent) -> Void) throws(KafkaError) -> [RDKafkaAdmin.TopicOutcome]

    private static func run(
        config: KafkaConfig, logger: Logger, _ body: @escaping Request
    ) async throws(KafkaError) -> [(name: String, error: KafkaError?)] {
        var properties = config.baseProperties
        properties.merge(config.additional) { _, new in new }
        let errors = MetricsRegistry.shared.counter(
            "kafka_admin_errors_total", help: "Client-level errors reported during admin requests.",
            labels: ["client": config.clientId])
        return try await KafkaBlockingCalls.run { [properties] () throws(KafkaError) in
            try body(properties) { event in
                _ = KafkaClientEvents.handleCommon(event, logger: logger, errors: errors)
            }
        }
    }
}
