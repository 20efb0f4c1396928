import Foundation

/// The user an API key belongs to, as the request handlers need it (cached in Redis by key hash).
struct AuthenticatedUser: Codable, Sendable, Equatable {
    /// The user id (0 is the anonymous account).
    var id: Int
    /// The alias, without `#id`.
    var username: String
    /// `anon`, a provider id, or a UUID for pseudonymous accounts.
    var oauthId: String
    /// Moderator role.
    var moderator: Bool
    /// Trusted role (moderators are trusted).
    var trusted: Bool
    /// Flagged for suspicious activity.
    var flagged: Bool
    /// Marked for deletion.
    var deleted: Bool
    /// Concurrent requests allowed.
    var concurrency: Int

    /// True for the shared anonymous account.
    var isAnonymous: Bool { id == 0 }

    /// `alias#id`, the public name.
    var uniqueAlias: String { "\(username)#\(id)" }

    /// Registered without OAuth (the oauth id is a UUID).
    var isPseudonymous: Bool { UUID(uuidString: oauthId) != nil }
}
