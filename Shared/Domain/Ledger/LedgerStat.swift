/// A counter the ledger keeps beside the currency (things generated, jobs fulfilled, requests made): appended per
/// event like postings, folded into per-subject totals.
package struct LedgerStat: Sendable, Equatable, Hashable {
    /// `user:<id>` or `worker:<uuid>`.
    package var subject: String
    /// `usage.image` (megapixelsteps), `usage.text` (tokens), `contribution.<kind>`, `fulfillment.<kind>`,
    /// `request.<kind>`, `worker.contribution`, `worker.fulfillment`.
    package var field: String
    /// The increment.
    package var value: Double

    /// A counter increment.
    package init(subject: String, field: String, value: Double) {
        self.subject = subject
        self.field = field
        self.value = value
    }
}
