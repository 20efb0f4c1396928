/// Why a Redis call failed. Callers that fall back to PostgreSQL can treat every `RedisError` alike; the code
/// says whether the command may have run (`connectionLost`, `timeout`) or surely did not (`unavailable`).
///
/// `description` names the kind of failure only; the server's or library's text is in `detail` and
/// `debugDescription`, so logging `"\(error)"` never leaks keys or values.
package struct RedisError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure, a struct over a private enum so kinds can be added without breaking `switch`es.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case unavailable, timeout, connectionLost, protocolError, server, invalidConfiguration
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// Redis could not be reached (connect failed, circuit open, client closed): the command did not run.
        package static let unavailable = Code(.unavailable)
        /// No reply within the command timeout: the command may have run.
        package static let timeout = Code(.timeout)
        /// The connection broke while the command was in flight: the command may have run.
        package static let connectionLost = Code(.connectionLost)
        /// The reply could not be parsed or had an unexpected shape.
        package static let protocolError = Code(.protocolError)
        /// Redis answered with an error reply (`WRONGTYPE`, `NOSCRIPT`, …).
        package static let server = Code(.server)
        /// The URL or another setting cannot be used.
        package static let invalidConfiguration = Code(.invalidConfiguration)

        /// The name used in the `reason` label of the failure metric.
        package var description: String { kind.rawValue }
    }

    /// The kind of failure.
    package let code: Code
    /// The server's error text, the library's error string, or what was unexpected; may contain data.
    package let detail: String
    /// Where the error was created.
    package let file: String
    /// Where the error was created.
    package let line: Int

    /// An error of `code` with `detail`, remembering where it was created.
    package init(_ code: Code, _ detail: String = "", file: String = #fileID, line: Int = #line) {
        self.code = code
        self.detail = detail
        self.file = file
        self.line = line
    }

    /// Redis could not be reached; the command did not run.
    package static var unavailable: RedisError { RedisError(.unavailable) }
    /// No reply within the command timeout.
    package static var timeout: RedisError { RedisError(.timeout) }
    /// A reply that could not be parsed or had an unexpected shape.
    package static func protocolError(_ detail: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.protocolError, detail, file: file, line: line)
    }
    /// An error reply from the server.
    package static func server(_ message: String, file: String = #fileID, line: Int = #line) -> RedisError {
        RedisError(.server, message, file: file, line: line)
    }

    /// The kind of failure only, safe to log anywhere.
    package var description: String { "RedisError.\(code)" }
    /// The kind, the detail and where it was created; the detail may contain data.
    package var debugDescription: String {
        detail.isEmpty ? "RedisError.\(code) at \(file):\(line)" : "RedisError.\(code): \(detail) at \(file):\(line)"
    }

    /// Lets `catch RedisError.unavailable` and `case .timeout:` match on the code alone.
    package static func ~= (pattern: RedisError, value: any Error) -> Bool {
        (value as? RedisError)?.code == pattern.code
    }

    /// Lets `switch error { case .unavailable: … }` match on the code alone.
    package static func ~= (pattern: RedisError, value: RedisError) -> Bool { value.code == pattern.code }
}
