import Foundation

/// The user an API key (or a shared key) belongs to, as the request handlers need it (cached in Redis by key
/// hash).
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
    /// Customizer role: may serve custom models and create styles.
    var customizer = false
    /// Service role: may proxy other users' requests.
    var service = false
    /// Education role.
    var education = false
    /// Special role.
    var special = false
    /// VPN role: may run workers behind VPNs.
    var vpn = false
    /// Distinct suspicion reasons recorded against the account.
    var suspicion = 0
    /// The shared key the request authenticated with, if it did not use the owner's own API key.
    var sharedKey: SharedKeyGrant?

    /// True for the shared anonymous account.
    var isAnonymous: Bool { id == 0 }

    /// `alias#id`, the public name.
    var uniqueAlias: String { "\(username)#\(id)" }

    /// Registered without OAuth (the oauth id is a UUID).
    var isPseudonymous: Bool { UUID(uuidString: oauthId) != nil }

    /// At least 5 suspicion reasons and not trusted.
    var isSuspicious: Bool { !trusted && suspicion >= 5 }
}
