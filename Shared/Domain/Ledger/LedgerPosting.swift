import Messages

/// One line of a double-entry ledger event: an amount (in hundredths of a kudo) moved into or out of an account.
package struct LedgerPosting: Sendable, Equatable, Hashable {
    /// The account moved.
    package var account: AccountRef
    /// Hundredths of a kudo; positive credits the account, negative debits it.
    package var amountCents: Int64
    /// Why it moved.
    package var entryType: LedgerEntryType
    /// The `kudos_details` field this line counts in (user accounts only).
    package var detail: KudosDetailField?
    /// The hold this line draws on or fills (lines of `system:reserved` only).
    package var holdId: String?

    /// A posting of `amountCents` to `account`.
    package init(
        account: AccountRef, amountCents: Int64, entryType: LedgerEntryType, detail: KudosDetailField? = nil,
        holdId: String? = nil
    ) {
        self.account = account
        self.amountCents = amountCents
        self.entryType = entryType
        self.detail = detail
        self.holdId = holdId
    }

    /// The amount as the `numeric(20,2)` text Postgres reads exactly (`-12.50`).
    package var amountText: String { LedgerAmount.text(cents: amountCents) }
}

/// Why an amount moved (the reference ledger's entry types, plus reservations and monthly kudos).
package enum LedgerEntryType: String, Sendable, Codable, CaseIterable {
    /// A job's settlement: the requester's charge and the worker owner's reward.
    case generation = "GENERATION"
    /// A worker's display kudos (its public earnings record).
    case statRecord = "STAT_RECORD"
    /// An operator's grant or removal.
    case adminAdjustment = "ADMIN_ADJUSTMENT"
    /// A worker's uptime reward.
    case uptimeReward = "UPTIME_REWARD"
    /// Escrow released to the spendable balance on trust promotion.
    case evaluationPromotion = "EVALUATION_PROMOTION"
    /// A user-to-user gift.
    case transfer = "TRANSFER"
    /// A moderator or aesthetic-rating award.
    case award = "AWARD"
    /// A style owner's reward.
    case styleReward = "STYLE_REWARD"
    /// Monthly kudos.
    case recurring = "RECURRING"
    /// A debit below the payer's floor, forgiven.
    case floorAdjustment = "FLOOR_ADJUSTMENT"
    /// Kudos held for an admitted request, or given back from the hold.
    case reservation = "RESERVATION"
    /// A compensation appended to repair history.
    case reconciliation = "RECONCILIATION"
}

/// The fields of a user's `kudos_details`.
package enum KudosDetailField: String, Sendable, Codable, CaseIterable {
    case accumulated, gifted, donated, admin, received, recurring, awarded, styled
}
