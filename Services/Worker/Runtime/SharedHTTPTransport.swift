import HTTP

/// The worker's `HTTPTransport` over the shared HTTP client (keep-alive pool for http://, URLSession for https://).
struct SharedHTTPTransport: HTTPTransport {
    /// The client requests go through.
    let client: HTTPClient

    /// A transport over `client` (Default: the shared client).
    init(client: HTTPClient = .shared) { self.client = client }

    /// Sends one request; only transport failures throw.
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: Duration)
        async throws -> TransportResponse
    {
        let response = try await client.send(
            HTTPMethod(rawValue: method), url, headers: HTTPHeaders(headers), body: body, timeout: timeout)
        return TransportResponse(status: response.status, body: response.body, headers: response.headers.map { ($0.name, $0.value) })
    }
}
