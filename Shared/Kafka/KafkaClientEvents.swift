import HordeCore

/// How producer, consumer and admin report librdkafka's log and error events. Library code logs at info or
/// below; failures reach callers as thrown errors.
enum KafkaClientEvents {
    /// Forwards a librdkafka log line, mapping syslog levels 0…4 to info, 5…6 to debug and 7 to trace.
    static func log(level: Int32, facility: String, message: String, to logger: Logger) {
        let mapped: LogLevel = level <= 4 ? .info : (level <= 6 ? .debug : .trace)
        logger.log(
            mapped, message, [KafkaLoggingKeys.facility: facility, KafkaLoggingKeys.librdkafkaLevel: String(level)])
    }

    /// Logs a client-level error at info (debug for the transport noise librdkafka recovers from by itself).
    static func log(_ error: KafkaError, to logger: Logger) {
        let noisy = error.rdKafkaName == "_TRANSPORT" || error.rdKafkaName == "_ALL_BROKERS_DOWN"
        logger.log(
            noisy && !error.isFatal ? .debug : .info, "kafka client error: \(error.message)",
            [KafkaLoggingKeys.error: error.rdKafkaName ?? error.code.description])
    }

    /// Handles the events every client kind may see: logs and errors. Returns false for anything else.
    static func handleCommon(_ event: RDKafkaEvent, logger: Logger, errors: Counter) -> Bool {
        switch event {
        case .log(let level, let facility, let message):
            log(level: level, facility: facility, message: message, to: logger)
            return true
        case .error(let error):
            errors.increment()
            log(error, to: logger)
            return true
        case .other(let name):
            logger.debug("unhandled librdkafka event", ["kafka.event": name])
            return true
        default:
            return false
        }
    }
}
