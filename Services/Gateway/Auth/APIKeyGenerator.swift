import Foundation

/// New API keys: 16 random bytes, URL-safe base64 without padding (22 characters), as the reference makes them.
enum APIKeyGenerator {
    /// A fresh key from the system's secure generator.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
