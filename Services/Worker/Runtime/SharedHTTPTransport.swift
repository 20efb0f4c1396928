import HTTP

/// The worker's `HTTPTransport` over the shared HTTP client (keep-alive pool for http://, URLSession for https://).
struct SharedHTTPTransport: HTTPTransport {
    let client: HTTPClient

    init(client: HTTPClient = .shared) { self.client = client }

    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: Duration)
        async throws -> TransportResponse
    {
        let response = try await client.send(
            HTTPMethod(rawValue: method), url, headers: HTTPHeaders(headers), body: body, timeout: timeout)
        return TransportResponse(status: response.status, body: response.body)
    }
}
