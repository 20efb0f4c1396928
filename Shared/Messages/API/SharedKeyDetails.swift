import Foundation

/// `SharedKeyDetails`: a shared key as `GET /v2/sharedkeys/{id}` shows it.
package struct SharedKeyDetails: Codable, Sendable, Equatable {
    /// The key's id (what clients send as `apikey`).
    package var id: String
    /// `alias#id` of the owner.
    package var username: String
    /// The key's name.
    package var name: String?
    /// Kudos left; -1 = unlimited.
    package var kudos: Int
    /// When the key expires; absent = never.
    package var expiry: Date?
    /// Kudos spent through the key.
    package var utilized: Int
    /// Largest width × height per image; -1 = none.
    package var maxImagePixels: Int
    /// Most steps per image; -1 = none.
    package var maxImageSteps: Int
    /// Most tokens per text generation; -1 = none.
    package var maxTextTokens: Int

    /// A key view.
    package init(
        id: String, username: String, name: String?, kudos: Int, expiry: Date?, utilized: Int, maxImagePixels: Int,
        maxImageSteps: Int, maxTextTokens: Int
    ) {
        self.id = id
        self.username = username
        self.name = name
        self.kudos = kudos
        self.expiry = expiry
        self.utilized = utilized
        self.maxImagePixels = maxImagePixels
        self.maxImageSteps = maxImageSteps
        self.maxTextTokens = maxTextTokens
    }

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case id, username, name, kudos, expiry, utilized
        case maxImagePixels = "max_image_pixels"
        case maxImageSteps = "max_image_steps"
        case maxTextTokens = "max_text_tokens"
    }
}
