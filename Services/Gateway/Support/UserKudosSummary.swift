import Foundation
import Messages

/// Everything a user's public record shows about kudos, read from the ledger's projections.
struct UserKudosSummary: Codable, Sendable, Equatable {
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

    /// Fills the summary from the ledger's rows: `kudos_details` fields (kudos) and stats (`usage.image` in
    /// megapixelsteps, `usage.text` in tokens, `contribution.*`, `fulfillment.*`, `request.*`).
    mutating func apply(details rows: [(field: String, amount: Double)], stats: [(field: String, value: Double)]) {
        for (field, amount) in rows {
            switch field {
            case "accumulated": details.accumulated = amount
            case "gifted": details.gifted = amount
            case "donated": details.donated = amount
            case "admin": details.admin = amount
            case "received": details.received = amount
            case "recurring": details.recurring = amount
            case "awarded": details.awarded = amount
            case "styled": details.styled = amount
            default: break
            }
        }
        for (field, value) in stats {
            let count = Int(value.rounded())
            switch field {
            case "usage.image": records.usage.megapixelsteps = value
            case "usage.text": records.usage.tokens = count
            case "contribution.image": records.contribution.megapixelsteps = value
            case "contribution.text": records.contribution.tokens = count
            case "fulfillment.image": records.fulfillment.image = count
            case "fulfillment.text": records.fulfillment.text = count
            case "fulfillment.interrogation": records.fulfillment.interrogation = count
            case "request.image": records.request.image = count
            case "request.text": records.request.text = count
            case "request.interrogation": records.request.interrogation = count
            default: break
            }
        }
        usage = UsageDetails(
            megapixelsteps: records.usage.megapixelsteps,
            requests: records.request.image + records.request.text + records.request.interrogation)
        contributions = ContributionsDetails(
            megapixelsteps: records.contribution.megapixelsteps,
            fulfillments: records.fulfillment.image + records.fulfillment.text + records.fulfillment.interrogation)
    }
}
