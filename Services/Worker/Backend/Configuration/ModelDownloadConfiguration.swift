import Messages

/// The configuration file's `downloads` section: the CivitAI-style API LoRas and textual inversions are looked up
/// in, and the folders the backends load them from.
///
/// ```json
/// "downloads": {"url": "https://civitai.com", "lora_directory": "/models/loras",
///               "embedding_directory": "/models/embeddings", "api_key": "…", "max_size_mb": 2048}
/// ```
struct ModelDownloadConfiguration: Sendable, Equatable {
    /// The API's base URL (Default: https://civitai.com).
    var baseURL: String = "https://civitai.com"
    /// Sent as `Authorization: Bearer …` when set (some files need an account).
    var apiKey: String?
    /// Where LoRa files are stored (the backend's LoRa folder).
    var loraDirectory: String
    /// Where textual inversion files are stored (the backend's embeddings folder).
    var embeddingDirectory: String
    /// The largest file downloaded (Default: 2 GiB).
    var maxBytes: Int = 2 << 30
    /// Limit on one download (Default: 10 minutes).
    var timeout: Duration = .seconds(600)

    private static let keys: Set<String> = ["url", "api_key", "lora_directory", "embedding_directory", "max_size_mb", "timeout"]

    /// Reads and checks the section.
    static func parse(
        _ value: JSONValue, fail: (String, String) -> BackendConfigurationError
    ) throws(BackendConfigurationError) -> ModelDownloadConfiguration {
        guard let entry = value.objectValue else { throw fail("downloads", "expected an object") }
        for key in entry.keys where !keys.contains(key) {
            throw fail("downloads.\(key)", "unknown key (expected \(keys.sorted().joined(separator: ", ")))")
        }
        guard let loras = entry["lora_directory"]?.stringValue, !loras.isEmpty else {
            throw fail("downloads.lora_directory", "expected the folder the image backend loads LoRas from")
        }
        guard let embeddings = entry["embedding_directory"]?.stringValue, !embeddings.isEmpty else {
            throw fail("downloads.embedding_directory", "expected the folder the image backend loads embeddings from")
        }
        var configuration = ModelDownloadConfiguration(loraDirectory: loras, embeddingDirectory: embeddings)
        if let url = entry["url"] {
            guard let text = url.stringValue, text.hasPrefix("http://") || text.hasPrefix("https://") else {
                throw fail("downloads.url", "expected an http:// or https:// base URL")
            }
            configuration.baseURL = text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        if let key = entry["api_key"] {
            guard let text = key.stringValue else { throw fail("downloads.api_key", "expected a string") }
            configuration.apiKey = text
        }
        if let size = try BackendConfiguration.positiveInt(entry["max_size_mb"], "downloads.max_size_mb", fail: fail) {
            configuration.maxBytes = size << 20
        }
        if let seconds = try BackendConfiguration.positiveInt(entry["timeout"], "downloads.timeout", fail: fail) {
            configuration.timeout = .seconds(seconds)
        }
        return configuration
    }
}
