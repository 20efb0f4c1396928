/// Sends one webhook request. Production sends over the shared HTTP client; tests can substitute a recorder.
protocol WebhookSender: Sendable {
    /// POSTs `body` as JSON to `url` and returns the response status. Throws when no response arrived within
    /// `timeout` (refused, reset, timed out).
    func post(url: String, body: [UInt8], headers: [(String, String)], timeout: Duration) async throws -> Int
}

/// Resolves a host name to its numeric addresses (off the cooperative pool).
protocol HostResolver: Sendable {
    /// The numeric addresses of `host`; throws when it does not resolve.
    func addresses(of host: String, port: Int) async throws -> [String]
}
