/// An error a handler throws to answer with a specific response (the router renders it as is).
package protocol HTTPResponseError: Error {
    /// The response to send.
    var response: HTTPResponse { get }
}

/// A ready-made `HTTPResponseError` rendering the AI Horde error shape `{"message", "rc"}`.
package struct HTTPError: HTTPResponseError, CustomStringConvertible {
    /// The status code.
    package var status: Int
    /// The AI Horde return code (`rc`).
    package var rc: String
    /// The human-readable message.
    package var message: String
    /// Extra response headers (`Allow`, `Retry-After`, …).
    package var headers: HTTPHeaders

    /// An error answered with `status` and `{"message", "rc"}`.
    package init(_ status: Int, rc: String, message: String, headers: HTTPHeaders = .init()) {
        self.status = status
        self.rc = rc
        self.message = message
        self.headers = headers
    }

    /// The JSON error response, with the extra headers.
    package var response: HTTPResponse {
        var response = HTTPResponse.error(status, message: message, rc: rc)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    /// Status, rc and message, for logs.
    package var description: String { "HTTP \(status) \(rc): \(message)" }
}
