/// Why a PostgreSQL call failed.
///
/// `description` is deliberately generic (the kind of failure and the SQLSTATE only), so logging `"\(error)"`
/// never leaks query text, parameters or row data that a server message may quote. The server's message,
/// detail, hint and the statement are in `debugDescription` (`String(reflecting: error)`).
package struct PostgresError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kind of failure: a struct over a private enum so kinds can be added without breaking `switch`es.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String {
            case server, connectionFailed, connectionLost, poolClosed, decoding, invalidQuery, invalidConfiguration
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The server answered with an error; `sqlState` says which.
        package static let server = Code(.server)
        /// A connection could not be established (bad address, refused, authentication, connect timeout).
        package static let connectionFailed = Code(.connectionFailed)
        /// The connection broke while a statement was in flight: the statement may or may not have run.
        package static let connectionLost = Code(.connectionLost)
        /// The pool was closed before a connection could be leased.
        package static let poolClosed = Code(.poolClosed)
        /// A value could not be decoded as the requested Swift type (or was NULL, or the column is missing).
        package static let decoding = Code(.decoding)
        /// The query cannot be sent as written (a NUL byte in text, a bad identifier, too large a payload).
        package static let invalidQuery = Code(.invalidQuery)
        /// The URL or another setting cannot be used.
        package static let invalidConfiguration = Code(.invalidConfiguration)

        /// The name of the kind, used in metric labels.
        /// The kind and SQLSTATE only (see the type's summary).
    package var description: String { kind.rawValue }
    }

    /// The kind of failure.
    package let code: Code
    /// The five-character SQLSTATE the server reported (`PG_DIAG_SQLSTATE`), if any.
    package let sqlState: String?
    /// The server's primary message, or what went wrong on the client side. May quote data.
    package let message: String
    /// The server's detail line (`PG_DIAG_MESSAGE_DETAIL`). Often quotes row values.
    package let detail: String?
    /// The server's hint line (`PG_DIAG_MESSAGE_HINT`).
    package let hint: String?
    /// The SQL text of the failing statement, when known.
    package var query: String?
    /// The name of the prepared statement that failed, when one was used.
    package var statementName: String?
    /// Where the error was created.
    package let file: String
    /// Where the error was created.
    package let line: Int

    /// An error of `code`, remembering where it was created.
    package init(
        _ code: Code, message: String, sqlState: String? = nil, detail: String? = nil, hint: String? = nil,
        query: String? = nil, statementName: String? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.query = query
        self.statementName = statementName
        self.file = file
        self.line = line
    }

    /// A value that could not be decoded as the requested type.
    package static func decoding(_ message: String, file: String = #fileID, line: Int = #line) -> PostgresError {
        PostgresError(.decoding, message: message, file: file, line: line)
    }

    /// `23505 unique_violation`: an insert or update collided with a unique index.
    package var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503 foreign_key_violation`.
    package var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `40001 serialization_failure`: a serializable or repeatable-read transaction lost a race; run it again.
    package var isSerializationFailure: Bool { sqlState == "40001" }
    /// `40P01 deadlock_detected`: the server aborted this transaction to break a deadlock; run it again.
    package var isDeadlock: Bool { sqlState == "40P01" }
    /// True for the failures `withTransaction` retries (serialization failures and deadlocks).
    package var isRetryableTransactionFailure: Bool { isSerializationFailure || isDeadlock }
    /// `57014 query_canceled`: the statement hit `statement_timeout` or was cancelled.
    package var isQueryCanceled: Bool { sqlState == "57014" }
    /// True when the connection is unusable afterwards (it could not be opened or it broke).
    package var isConnectionFailure: Bool { code == .connectionFailed || code == .connectionLost }

    package var description: String {
        if let sqlState { return "PostgresError.\(code) (SQLSTATE \(sqlState))" }
        return "PostgresError.\(code)"
    }

    /// Everything known about the failure, including data the server quoted.
    package var debugDescription: String {
        var parts = ["PostgresError.\(code)"]
        if let sqlState { parts.append("SQLSTATE \(sqlState)") }
        parts.append("message: \(message)")
        if let detail { parts.append("detail: \(detail)") }
        if let hint { parts.append("hint: \(hint)") }
        if let statementName { parts.append("statement: \(statementName)") }
        if let query { parts.append("query: \(query)") }
        parts.append("at \(file):\(line)")
        return parts.joined(separator: "; ")
    }
}
