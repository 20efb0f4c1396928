import Messages

/// One line of a double-entry ledger event: an amount (in hundredths of a kudo) moved into or out of an account.
package struct LedgerPosting: Sendable, Equatable, Hashable {
    /// The account moved.
    package var account: AccountRef
    /// Hundredths of a kudo; positive credits the account, negative debits it.
    package var amountCents: Int64
    /// Why it moved.
    package var entryType: LedgerEntryType

    /// A posting of `amountCents` to `account`.
    package init(account: AccountRef, amountCents: Int64, entryType: LedgerEntryType) {
        self.account = account
        self.amountCents = amountCents
        self.entryType = entryType
    }

    /// The amount as the `numeric(20,2)` text Postgres reads exactly (`-12.50`).
    package var amountText: String { LedgerAmount.text(cents: amountCents) }
}

/// Why an amount moved (the reference ledger's entry types).
package enum LedgerEntryType: String, Sendable, Codable, CaseIterable {
    /// A job's settlement: the requester's charge and the worker owner's reward.
    case generation = "GENERATION"
    /// A worker's display kudos (its public earnings record).
    case statRecord = "STAT_RECORD"
    /// An operator's grant or removal.
    case adminAdjustment = "ADMIN_ADJUSTMENT"
}
