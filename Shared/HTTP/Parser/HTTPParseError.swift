/// Why the parser rejected a message, with the status and AI Horde `rc` the server answers with.
package struct HTTPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure, which decides the status code.
    package enum Kind: Sendable, Equatable {
        /// Bad framing or syntax: 400.
        case badRequest
        /// Request line longer than the limit: 414.
        case uriTooLong
        /// Header block (or trailers) too large or too many fields: 431.
        case headersTooLarge
        /// Body longer than the limit: 413.
        case bodyTooLarge
        /// A well-formed version other than HTTP/1.0 or HTTP/1.1: 505.
        case versionNotSupported
    }

    /// The class of failure.
    package let kind: Kind
    /// A short, fixed explanation (safe to send to the client).
    package let reason: String

    /// An error of `kind` with a fixed explanation.
    package init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The status code to answer with.
    package var status: Int {
        switch kind {
        case .badRequest: 400
        case .uriTooLong: 414
        case .headersTooLarge: 431
        case .bodyTooLarge: 413
        case .versionNotSupported: 505
        }
    }

    /// The AI Horde return code for the error body.
    package var rc: String {
        switch kind {
        case .badRequest: "BadRequest"
        case .uriTooLong: "URITooLong"
        case .headersTooLarge: "HeadersTooLarge"
        case .bodyTooLarge: "PayloadTooLarge"
        case .versionNotSupported: "HTTPVersionNotSupported"
        }
    }

    /// Status, rc and reason, for logs.
    package var description: String { "\(status) \(rc): \(reason)" }

    /// A 400 with `reason`.
    static func bad(_ reason: String) -> HTTPParseError { HTTPParseError(.badRequest, reason) }
}
