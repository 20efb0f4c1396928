import Foundation

/// `ResponseModelMessagePop`: a message for the worker's owner, delivered with pops.
package struct ResponseModelMessagePop: Codable, Sendable, Equatable {
    /// The message id.
    package var id: String
    /// The text.
    package var message: String
    /// Who sent it (typically `moderator`).
    package var origin: String?
    /// When the message expires.
    package var expiry: Date

    /// A message.
    package init(id: String, message: String, origin: String? = nil, expiry: Date) {
        self.id = id
        self.message = message
        self.origin = origin
        self.expiry = expiry
    }
}
