/// `UserKudosDetails`: where a user's kudos came from.
package struct UserKudosDetails: Codable, Sendable, Equatable {
    /// Kudos accumulated or used for generating.
    package var accumulated: Double = 0
    /// Kudos given to other users.
    package var gifted: Double = 0
    /// Kudos donated to public goods accounts.
    package var donated: Double = 0
    /// Kudos given by the admins.
    package var admin: Double = 0
    /// Kudos received from other users.
    package var received: Double = 0
    /// Kudos from recurring rewards.
    package var recurring: Double = 0
    /// Kudos awarded (ratings).
    package var awarded: Double = 0
    /// Kudos for styling other people's requests.
    package var styled: Double = 0

    /// All zero.
    package init() {}
}
