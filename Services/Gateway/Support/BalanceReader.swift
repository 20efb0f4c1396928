import Foundation
import Messages
import Postgres

/// Reads kudos balances from the ledger's read model (`ledger.balances`), which the gateway may read but never
/// writes. An account without a row, or a ledger that has not started yet, has 0.
struct BalanceReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// The balance of `account`.
    func balance(of account: AccountRef) async throws -> Double {
        do {
            let rows = try await pool.query(
                "SELECT balance FROM ledger.balances WHERE account = \(account.description)")
            return rows.first?["balance"].double ?? 0
        } catch where error.isUndefinedTable {
            return 0
        }
    }

    /// What `GET /users/{id}` shows about the kudos of user `userId`.
    func summary(ofUser userId: Int) async throws -> UserKudosSummary {
        var summary = UserKudosSummary()
        summary.kudos = try await balance(of: .user(userId))
        return summary
    }
}
