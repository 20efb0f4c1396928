import Foundation

/// Kudos held for an admitted request: moved from the user to `system:reserved` when placed, drawn by the
/// request's settlements, and the rest given back when it closes.
package struct LedgerHold: Sendable, Equatable {
    /// `upfront:<request id>` and the like.
    package var id: String
    /// Whose kudos are held.
    package var userId: Int
    /// What was reserved, in hundredths.
    package var amountCents: Int64
    /// What is still held, in hundredths.
    package var remainingCents: Int64
    /// False once released (or closed before it was placed, so a late reservation is refused).
    package var open: Bool
    /// The shared key whose budget the request's settlements count against.
    package var sharedKeyId: UUID?

    /// A hold.
    package init(
        id: String, userId: Int, amountCents: Int64, remainingCents: Int64, open: Bool, sharedKeyId: UUID? = nil
    ) {
        self.sharedKeyId = sharedKeyId
        self.id = id
        self.userId = userId
        self.amountCents = amountCents
        self.remainingCents = remainingCents
        self.open = open
    }
}
