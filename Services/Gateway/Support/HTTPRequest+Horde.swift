import HTTP

extension HTTPRequest {
    /// The `apikey` header, when present and not blank.
    var apiKey: String? {
        guard let value = headers["apikey"]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// The `Client-Agent` header (`name:version:contact`). Default: `unknown:0:unknown`.
    var clientAgent: String {
        guard let value = headers["Client-Agent"], !value.isEmpty else { return "unknown:0:unknown" }
        return String(value.prefix(1000))
    }
}
