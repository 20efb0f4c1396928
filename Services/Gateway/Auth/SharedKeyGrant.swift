import Foundation

/// The limits of the shared key a request authenticated with (its budget is read fresh when charged).
struct SharedKeyGrant: Codable, Sendable, Equatable {
    /// The shared key's id (what the client sent as `apikey`).
    var id: UUID
    /// Largest width × height per image; -1 = no limit.
    var maxImagePixels: Int
    /// Most steps per image; -1 = no limit.
    var maxImageSteps: Int
    /// Most tokens per text generation; -1 = no limit.
    var maxTextTokens: Int
    /// When the key stops working; nil = never.
    var expiry: Date?
}
