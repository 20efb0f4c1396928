import Foundation

/// `ResponseModelMessage`: a message to a worker's owner. As a request body (`POST /v2/workers/messages`) it
/// carries `worker_id`, `message`, `origin` and `expiry` (hours, parser default 12, 1-720); as a response it also
/// carries the message `id` and, for its author and moderators, when it expires.
package struct ResponseModelMessage: Codable, Sendable, Equatable {
    /// The message id (responses only).
    package var id: String?
    /// The worker the message is for; absent = a broadcast to every worker (moderators only).
    package var workerId: String?
    /// The text, 1-10240 characters.
    package var message: String
    /// Who sent it, 1-255 characters.
    package var origin: String?
    /// Hours until the message expires.
    package var expiry: Int?
    /// When the message expires (responses only).
    package var expiresAt: Date?

    /// A message.
    package init(
        id: String? = nil, workerId: String? = nil, message: String, origin: String? = nil, expiry: Int? = nil,
        expiresAt: Date? = nil
    ) {
        self.id = id
        self.workerId = workerId
        self.message = message
        self.origin = origin
        self.expiry = expiry
        self.expiresAt = expiresAt
    }

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case id
        case workerId = "worker_id"
        case message, origin, expiry
        case expiresAt = "expires_at"
    }

    /// Reads a request body; `expiry` is checked as an integer on its own field.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id)
        workerId = try c.decodeIfPresent(String.self, forKey: .workerId)
        message = try c.decode(String.self, forKey: .message)
        origin = try c.decodeIfPresent(String.self, forKey: .origin)
        expiry = try c.decodeIntegerIfPresent(forKey: .expiry)
        expiresAt = try c.decodeIfPresent(Date.self, forKey: .expiresAt)
    }
}
