import Foundation
import Messages

/// Everything a user's public record shows about kudos, read from the ledger's projections.
struct UserKudosSummary: Sendable, Equatable {
    /// The spendable balance.
    var kudos: Double = 0
    /// Kudos earned while the account is not yet trusted (shown as `evaluating_kudos`).
    var evaluatingKudos: Double = 0
    /// The breakdown by origin (`kudos_details`).
    var details = UserKudosDetails()
    /// The recurring monthly grant.
    var monthlyKudos = MonthlyKudos()
    /// What the user requested.
    var usage = UsageDetails()
    /// What the user's workers generated.
    var contributions = ContributionsDetails()
    /// Per-kind usage, contribution, fulfilment and request counts.
    var records = UserRecords()

    /// An all-zero summary (a user the ledger has not seen yet).
    init() {}
}
