/// A response as the API client needs it.
struct TransportResponse: Sendable {
    /// The response status.
    var status: Int
    /// The response body.
    var body: [UInt8]
    /// The response headers (redirect targets are read from `Location`).
    var headers: [(String, String)] = []

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Sends one HTTP request. The worker's API client talks through this so tests can stand in a recorded
/// gateway; production uses `SharedHTTPTransport`.
protocol HTTPTransport: Sendable {
    /// Throws when no response arrived (connection refused or reset, timeout).
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8], timeout: Duration)
        async throws -> TransportResponse
}
