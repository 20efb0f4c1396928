import Foundation
import Messages
import Postgres

/// `horde-ledger verify`: every event's postings sum to zero, and every balance equals the sum of its account's
/// postings.
struct LedgerVerifier: Sendable {
    /// The ledger's Postgres pool.
    let pool: PostgresPool

    /// What verification found.
    struct Report: Codable, Sendable, Equatable {
        struct UnbalancedEvent: Codable, Sendable, Equatable {
            var eventId: String
            var sum: String
        }
        struct BalanceMismatch: Codable, Sendable, Equatable {
            var account: String
            var balance: String
            var postings: String
        }
        var ok: Bool
        var events: Int
        var postings: Int
        var accounts: Int
        /// The sum of every balance: zero when kudos are conserved.
        var totalBalance: String
        var unbalancedEvents: [UnbalancedEvent]
        var balanceMismatches: [BalanceMismatch]
    }

    /// At most this many problems of each kind are listed (counts stay exact in `ok`).
    var listLimit = 100

    /// Runs every check and reports what it found.
    func verify() async throws -> Report {
        let totals = try await pool.query(
            """
            SELECT (SELECT count(*) FROM ledger.events) AS events,
                   (SELECT count(*) FROM ledger.postings) AS postings,
                   (SELECT count(*) FROM ledger.balances) AS accounts,
                   (SELECT COALESCE(sum(balance), 0)::numeric(20,2)::text FROM ledger.balances) AS total
            """)
        let unbalanced = try await pool.query(
            """
            SELECT event_id, sum(amount)::text AS sum FROM ledger.postings
            GROUP BY event_id HAVING sum(amount) <> 0
            ORDER BY event_id LIMIT \(listLimit)
            """)
        let mismatches = try await pool.query(
            """
            SELECT COALESCE(b.account, p.account) AS account,
                   COALESCE(b.balance, 0)::text AS balance, COALESCE(p.total, 0)::text AS postings
            FROM ledger.balances b
            FULL OUTER JOIN (SELECT account, sum(amount) AS total FROM ledger.postings GROUP BY account) p
                ON p.account = b.account
            WHERE COALESCE(b.balance, 0) <> COALESCE(p.total, 0)
            ORDER BY 1 LIMIT \(listLimit)
            """)
        let row = totals.first
        let report = Report(
            ok: unbalanced.isEmpty && mismatches.isEmpty,
            events: try row?.decode("events", as: Int.self) ?? 0,
            postings: try row?.decode("postings", as: Int.self) ?? 0,
            accounts: try row?.decode("accounts", as: Int.self) ?? 0,
            totalBalance: try row?.decode("total", as: String.self) ?? "0",
            unbalancedEvents: try unbalanced.map {
                Report.UnbalancedEvent(
                    eventId: try $0.decode("event_id", as: String.self), sum: try $0.decode("sum", as: String.self))
            },
            balanceMismatches: try mismatches.map {
                Report.BalanceMismatch(
                    account: try $0.decode("account", as: String.self),
                    balance: try $0.decode("balance", as: String.self),
                    postings: try $0.decode("postings", as: String.self))
            })
        return report
    }
}
