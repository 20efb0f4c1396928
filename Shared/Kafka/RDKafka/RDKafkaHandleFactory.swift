internal import CRdKafka
import HordeCore

/// Creates `rd_kafka_t` handles from flat property maps, never leaking the `rd_kafka_conf_t` on a failure.
enum RDKafkaHandleFactory {
    /// Which kind of handle to create.
    enum Kind {
        /// `RD_KAFKA_PRODUCER` (also used for admin and mock-cluster handles).
        case producer
        /// `RD_KAFKA_CONSUMER`.
        case consumer

        /// The C enum value.
        var rdKafkaType: rd_kafka_type_t { self == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER }
    }

    /// Builds a conf from `properties` (plus `log.queue=true`, so logs arrive as events we poll), enables the
    /// `events` mask and creates the handle. The corresponding C functions are `rd_kafka_conf_set`,
    /// `rd_kafka_conf_set_events` and `rd_kafka_new`, which takes ownership of the conf only on success.
    static func make(_ kind: Kind, properties: [String: String], events: Int32) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(.client, message: "rd_kafka_conf_new returned NULL")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        var all = properties
        all["log.queue"] = "true"
        for key in all.keys.sorted() {
            let result = rd_kafka_conf_set(conf, key, all[key] ?? "", &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(.config, message: "\(key): \(rdKafkaString(errorText))")
            }
        }
        rd_kafka_conf_set_events(conf, events)
        guard let handle = rd_kafka_new(kind.rdKafkaType, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(.client, message: rdKafkaString(errorText))
        }
        return handle
    }
}
