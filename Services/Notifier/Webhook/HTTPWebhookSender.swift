import HTTP

/// Sends webhooks with the shared HTTP client (its own event loop for http://, URLSession for https://).
struct HTTPWebhookSender: WebhookSender {
    /// The client requests go through.
    let client: HTTPClient

    /// A sender over `client` (Default: the shared client).
    init(client: HTTPClient = .shared) { self.client = client }

    /// Sends the POST and returns the status; only transport failures throw.
    func post(url: String, body: [UInt8], headers: [(String, String)], timeout: Duration) async throws -> Int {
        let response = try await client.send(.POST, url, headers: HTTPHeaders(headers), body: body, timeout: timeout)
        return response.status
    }
}

/// Resolves names with the HTTP module's resolver (`getaddrinfo` on a private dispatch queue).
struct SystemHostResolver: HostResolver {
    /// Every address of `host`, IPv4 first.
    func addresses(of host: String, port: Int) async throws -> [String] {
        try await Resolver.resolve(host: host, port: port).map(\.ip)
    }
}
