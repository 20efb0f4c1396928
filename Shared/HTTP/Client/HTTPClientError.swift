/// Why an `HTTPClient` request failed. The description names the kind and host, never payloads.
package struct HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable { case invalidURL, connectFailed, timedOut, connectionClosed,
            malformedResponse, responseTooLarge, transport }
        private let value: Value

        /// The URL is not `http(s)://host[:port]/…` or names a scheme the client does not speak.
        package static let invalidURL = Code(value: .invalidURL)
        /// No connection could be made (refused, unreachable, name not found).
        package static let connectFailed = Code(value: .connectFailed)
        /// The request's timeout passed.
        package static let timedOut = Code(value: .timedOut)
        /// The server closed the connection before a complete response.
        package static let connectionClosed = Code(value: .connectionClosed)
        /// The response could not be parsed.
        package static let malformedResponse = Code(value: .malformedResponse)
        /// The response body exceeded `maxResponseBytes`.
        package static let responseTooLarge = Code(value: .responseTooLarge)
        /// Another transport failure (socket error, TLS failure in the https fallback).
        package static let transport = Code(value: .transport)

        /// The code's name.
        package var description: String { value.rawValue }
    }

    /// The class of failure.
    package let code: Code
    /// A short explanation (host, errno text); no request or response data.
    package let detail: String

    /// An error of class `code` with a short explanation.
    package init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// Code and detail, for logs.
    package var description: String { "HTTPClientError.\(code): \(detail)" }
}
