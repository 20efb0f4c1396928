/// Where one model server listens and how long a request to it may take.
struct BackendEndpoint: Sendable, Equatable {
    /// The backend's name in the configuration file (used in logs and errors).
    var name: String
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:5001`.
    var baseURL: String
    /// Limit for one request (Default: 300 s); a server that takes longer is treated as stuck.
    var timeout: Duration
    /// Sent as `Authorization: Bearer …` when set (OpenAI-compatible servers started with an API key).
    var apiKey: String?
    /// The model name the server knows, when it differs from the horde's name (OpenAI-compatible servers).
    var servedModel: String?

    /// An endpoint at `baseURL` (a trailing slash is dropped).
    init(name: String, baseURL: String, timeout: Duration = .seconds(300), apiKey: String? = nil, servedModel: String? = nil) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.timeout = timeout
        self.apiKey = apiKey
        self.servedModel = servedModel
    }
}
