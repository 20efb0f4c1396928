import HordeCore

/// Turns API keys into what is stored: SHA-256 hex of (salt + key). Keys themselves are never stored or logged.
struct APIKeyHasher: Sendable {
    /// The server secret prepended to every key.
    let salt: String

    /// The lower-case hex digest stored in `gateway.api_keys.key_hash`.
    func hash(_ key: String) -> String {
        SHA256.hex(SHA256.hash(Array((salt + key).utf8)))
    }

    /// Compares a stored hash with a computed one without revealing where they differ.
    static func matches(_ stored: String, _ computed: String) -> Bool {
        SHA256.constantTimeEquals(Array(stored.utf8), Array(computed.utf8))
    }

    /// The anonymous account's well-known key.
    static let anonymousKey = "0000000000"
}
