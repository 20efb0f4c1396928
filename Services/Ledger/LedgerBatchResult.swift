import Domain
import Foundation
import Messages

/// What applying a batch did.
struct LedgerBatchResult: Sendable {
    /// Events applied now (refused ones included: they are recorded, and move nothing).
    var applied = 0
    /// Events seen before.
    var duplicates = 0
    /// Refused events and the rc of each.
    var refusals: [(eventId: UUID, rc: RC, at: Date)] = []
    /// Current balances (hundredths) of the accounts the batch touched, and the event that last touched each.
    var balances: [AccountRef: (cents: Int64, causedBy: UUID, at: Date)] = [:]
    /// Users promoted to trusted.
    var promotions: [TrustPromoted] = []
    /// Users whose summary changed (balance, details or stats).
    var users: Set<Int> = []
}
