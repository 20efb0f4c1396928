import Messages

/// The ledger's system accounts. Currency is minted from `mint` and destroyed into `burn`; `reserved` holds
/// upfront reservations; `stats` is the counterpart of workers' display kudos, which are a record, not currency.
/// With every event summing to zero: users + escrows + reserved = minted − burned, where minted is −mint's balance
/// and burned is burn's.
package enum LedgerAccounts {
    /// Where rewards, grants and floor forgiveness come from.
    package static let mint = AccountRef.system("mint")
    /// Where requesters' payments go.
    package static let burn = AccountRef.system("burn")
    /// Open holds, per hold id in the postings.
    package static let reserved = AccountRef.system("reserved")
    /// The counterpart of workers' display kudos.
    package static let stats = AccountRef.system("stats")

    /// True for accounts that hold spendable or escrowed currency (users and escrows).
    package static func isCurrency(_ account: AccountRef) -> Bool {
        switch account {
        case .user, .escrow: true
        case .worker, .system: false
        }
    }
}
