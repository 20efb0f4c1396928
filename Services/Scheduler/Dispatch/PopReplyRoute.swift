/// Where a pop's answer goes.
enum PopReplyRoute: Sendable, Equatable {
    /// Published to the topic the asker named (pops that came over Kafka: in-cluster workers, gateways in
    /// `kafka` pop mode).
    case topic
    /// Returned to the caller (pops the gateway sends over HTTP for its external workers).
    case caller
}
