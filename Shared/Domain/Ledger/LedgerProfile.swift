import Foundation

/// What the ledger needs to know about a user to apply rules that depend on who they are: the balance floor,
/// whether rewards go to escrow, and whether the user may be promoted to trusted.
package struct LedgerProfile: Sendable, Equatable {
    /// The lowest spendable balance, in hundredths: anonymous -50, pseudonymous 14, OAuth 25.
    package var floorCents: Int64
    /// Rewards go straight to the spendable balance (else half to escrow).
    package var trusted: Bool
    /// The shared anonymous account (no escrow, no promotion).
    package var anonymous: Bool
    /// When the account was created (promotion needs 7 days).
    package var createdAt: Date?

    /// A profile.
    package init(floorCents: Int64, trusted: Bool, anonymous: Bool = false, createdAt: Date? = nil) {
        self.floorCents = floorCents
        self.trusted = trusted
        self.anonymous = anonymous
        self.createdAt = createdAt
    }

    /// The profile of a user the ledger knows nothing about (no account record): floor 0, trusted. It keeps a ledger
    /// running without the gateway's schema (tests, a fresh database) from inventing or escrowing kudos.
    package static let unknown = LedgerProfile(floorCents: 0, trusted: true)

    /// The profile of an account record: the floor from the kind of account (id 0 anonymous; an oauth id that is a
    /// UUID pseudonymous; else OAuth), trust from the roles.
    package static func of(userId: Int, oauthId: String, trusted: Bool, createdAt: Date?) -> LedgerProfile {
        if userId == 0 || oauthId == "anon" {
            return LedgerProfile(floorCents: -5_000, trusted: false, anonymous: true, createdAt: createdAt)
        }
        let floor: Int64 = UUID(uuidString: oauthId) != nil ? 1_400 : 2_500
        return LedgerProfile(floorCents: floor, trusted: trusted, createdAt: createdAt)
    }
}
