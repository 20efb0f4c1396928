/// An error from the Kafka client: a broker or librdkafka failure, a bad setting, or use after close.
///
/// `isRetriable` means the same operation may succeed if tried again later (a transient broker condition);
/// `isFatal` means the client instance can no longer be used and must be recreated.
package struct KafkaError: Error, CustomStringConvertible, Sendable {
    /// What kind of operation failed. A struct over a private enum so kinds can be added without breaking callers.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Sendable {
            case config, client, produce, delivery, consume, commit, offsetStore, rebalance, admin, timeout
            case queueFull, closed, fatal
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// A configuration property was rejected.
        package static let config = Code(.config)
        /// A client handle could not be created.
        package static let client = Code(.client)
        /// A message could not be handed to librdkafka.
        package static let produce = Code(.produce)
        /// The broker did not acknowledge a message (its delivery report carried an error).
        package static let delivery = Code(.delivery)
        /// Fetching or subscribing failed.
        package static let consume = Code(.consume)
        /// An offset commit failed.
        package static let commit = Code(.commit)
        /// An offset could not be stored for the next commit.
        package static let offsetStore = Code(.offsetStore)
        /// Applying a partition assignment failed.
        package static let rebalance = Code(.rebalance)
        /// An admin request (create or delete topics) failed.
        package static let admin = Code(.admin)
        /// An operation did not finish within its time bound.
        package static let timeout = Code(.timeout)
        /// The local producer queue stayed full for longer than the backpressure bound.
        package static let queueFull = Code(.queueFull)
        /// The client was closed before or while the operation ran.
        package static let closed = Code(.closed)
        /// librdkafka raised a fatal error; the client instance is unusable.
        package static let fatal = Code(.fatal)

        /// The kind's name (`delivery`, `queueFull`…).
        package var description: String { kind.rawValue }
    }

    /// What kind of operation failed.
    package let code: Code
    /// librdkafka's `rd_kafka_resp_err_t`, when the failure came from librdkafka or the broker.
    package let rdKafkaCode: Int32?
    /// librdkafka's symbolic name for `rdKafkaCode` (`TOPIC_ALREADY_EXISTS`, `_MSG_TIMED_OUT`), if any.
    package let rdKafkaName: String?
    /// A human-readable explanation (librdkafka's error string or ours).
    package let message: String
    /// The client instance is unusable after this error.
    package let isFatal: Bool
    /// Trying the same operation again later may succeed.
    package let isRetriable: Bool
    /// Where the error was created.
    package let file: String
    /// Where the error was created.
    package let line: UInt

    /// Creates an error; `rdKafkaCode`/`rdKafkaName` are filled in by the librdkafka layer.
    package init(
        _ code: Code, message: String, rdKafkaCode: Int32? = nil, rdKafkaName: String? = nil,
        isFatal: Bool = false, isRetriable: Bool = false, file: String = #fileID, line: UInt = #line
    ) {
        self.code = code
        self.message = message
        self.rdKafkaCode = rdKafkaCode
        self.rdKafkaName = rdKafkaName
        self.isFatal = isFatal
        self.isRetriable = isRetriable
        self.file = file
        self.line = line
    }

    /// `KafkaError.<code> (<librdkafka name>): <message>` plus `[fatal]`/`[retriable]` flags.
    package var description: String {
        var text = "KafkaError.\(code)"
        if let rdKafkaName { text += " (\(rdKafkaName))" }
        text += ": \(message)"
        if isFatal { text += " [fatal]" }
        if isRetriable { text += " [retriable]" }
        return text
    }
}
