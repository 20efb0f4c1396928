/// A complete response received by `HTTPClient`.
package struct HTTPClientResponse: Sendable {
    /// The status code.
    package var status: Int
    /// The response header fields, in order.
    package var headers: HTTPHeaders
    /// The complete body (chunked encoding already removed).
    package var body: [UInt8]

    /// A response from its parts.
    package init(status: Int, headers: HTTPHeaders = .init(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    package var text: String { String(decoding: body, as: UTF8.self) }
}
