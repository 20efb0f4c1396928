import Domain
import Foundation

/// One event for the store to apply: its idempotency id, its envelope type (kept in the record), and what it does.
struct LedgerInput: Sendable {
    /// The idempotency key.
    var eventId: UUID
    /// The message type, as recorded in `ledger.events`.
    var type: String
    /// When it happened.
    var occurredAt: Date
    /// What it does.
    var operation: LedgerOperation
}
