import Domain
import Foundation
import Messages
import Postgres

/// `horde-ledger verify`: every event's postings sum to zero; kudos are conserved (users + escrows + open holds =
/// minted − burned); the reserved account equals the open holds; and every projection (balances, kudos details,
/// stats, hold remainders) equals a fresh fold of the append-only rows.
struct LedgerVerifier: Sendable {
    /// The ledger's Postgres pool.
    let pool: PostgresPool

    /// What verification found.
    struct Report: Codable, Sendable, Equatable {
        /// An event whose postings do not sum to zero.
        struct UnbalancedEvent: Codable, Sendable, Equatable {
            var eventId: String
            var sum: String
        }
        /// An account whose projected balance differs from the sum of its postings.
        struct BalanceMismatch: Codable, Sendable, Equatable {
            var account: String
            var balance: String
            var postings: String
        }
        var ok: Bool
        var events: Int
        var postings: Int
        var accounts: Int
        /// The sum of every balance: zero when every event balanced.
        var totalBalance: String
        /// Users' spendable plus escrowed kudos.
        var currency: String = "0.00"
        /// Open holds (the `system:reserved` balance).
        var reserved: String = "0.00"
        /// What the mint paid out (−its balance).
        var minted: String = "0.00"
        /// What requesters paid into the burn account.
        var burned: String = "0.00"
        /// currency + reserved == minted − burned.
        var conserved: Bool = true
        /// The sum of the open holds' remainders equals the reserved balance, and each hold's remainder its postings.
        var holdsMatch: Bool = true
        /// Kudos details equal the fold of the postings that carry a detail.
        var detailsMatch: Bool = true
        /// Stats equal the fold of the counters recorded with the events.
        var statsMatch: Bool = true
        var unbalancedEvents: [UnbalancedEvent]
        var balanceMismatches: [BalanceMismatch]
    }

    /// At most this many problems of each kind are listed (counts stay exact in `ok`).
    var listLimit = 100

    /// Runs every check and reports what it found.
    func verify() async throws -> Report {
        try await pool.withTransaction(isolation: .repeatableRead) { connection in
            try await Self.verify(connection, listLimit: listLimit)
        }
    }

    /// Every check, inside one snapshot.
    static func verify(_ connection: PostgresConnection, listLimit: Int) async throws -> Report {
        let totals = try await connection.query(
            """
            SELECT (SELECT count(*) FROM ledger.events) AS events,
                   (SELECT count(*) FROM ledger.postings) AS postings,
                   (SELECT count(*) FROM ledger.balances) AS accounts,
                   (SELECT COALESCE(sum(balance), 0)::numeric(20,2)::text FROM ledger.balances) AS total,
                   (SELECT COALESCE(sum(balance), 0)::numeric(20,2)::text FROM ledger.balances
                    WHERE account LIKE 'user:%' OR account LIKE 'escrow:%') AS currency,
                   (SELECT COALESCE(sum(balance), 0)::numeric(20,2)::text FROM ledger.balances
                    WHERE account = 'system:reserved') AS reserved,
                   (SELECT (-COALESCE(sum(balance), 0))::numeric(20,2)::text FROM ledger.balances
                    WHERE account = 'system:mint') AS minted,
                   (SELECT COALESCE(sum(balance), 0)::numeric(20,2)::text FROM ledger.balances
                    WHERE account = 'system:burn') AS burned
            """)
        let unbalanced = try await connection.query(
            """
            SELECT event_id, sum(amount)::text AS sum FROM ledger.postings
            GROUP BY event_id HAVING sum(amount) <> 0
            ORDER BY event_id LIMIT \(listLimit)
            """)
        let mismatches = try await connection.query(
            """
            SELECT COALESCE(b.account, p.account) AS account,
                   COALESCE(b.balance, 0)::text AS balance, COALESCE(p.total, 0)::text AS postings
            FROM ledger.balances b
            FULL OUTER JOIN (SELECT account, sum(amount) AS total FROM ledger.postings GROUP BY account) p
                ON p.account = b.account
            WHERE COALESCE(b.balance, 0) <> COALESCE(p.total, 0)
            ORDER BY 1 LIMIT \(listLimit)
            """)
        let holdProblems = try await connection.query(
            """
            SELECT
              (SELECT count(*) FROM ledger.holds h
                 LEFT JOIN (SELECT hold_id, sum(amount) AS total FROM ledger.postings
                            WHERE account = 'system:reserved' GROUP BY hold_id) p ON p.hold_id = h.hold_id
                 WHERE h.remaining <> COALESCE(p.total, 0) OR (NOT h.open AND h.remaining <> 0)) +
              (SELECT CASE WHEN COALESCE((SELECT sum(remaining) FROM ledger.holds WHERE open), 0)
                              = COALESCE((SELECT balance FROM ledger.balances WHERE account = 'system:reserved'), 0)
                      THEN 0 ELSE 1 END) AS problems
            """)
        let detailProblems = try await connection.query(
            """
            SELECT count(*) AS problems FROM ledger.details d
            FULL OUTER JOIN (SELECT substr(account, 6)::bigint AS user_id, detail AS field, sum(amount) AS total
                             FROM ledger.postings WHERE detail IS NOT NULL AND account LIKE 'user:%'
                             GROUP BY 1, 2) p
                ON p.user_id = d.user_id AND p.field = d.field
            WHERE COALESCE(d.amount, 0) <> COALESCE(p.total, 0)
            """)
        let statProblems = try await connection.query(
            """
            SELECT count(*) AS problems FROM ledger.stats s
            FULL OUTER JOIN (SELECT s ->> 0 AS subject, s ->> 1 AS field, sum((s ->> 2)::double precision) AS total
                             FROM ledger.events ev, jsonb_array_elements(ev.stats) AS s
                             WHERE ev.stats IS NOT NULL GROUP BY 1, 2) e
                ON e.subject = s.subject AND e.field = s.field
            WHERE abs(COALESCE(s.value, 0) - COALESCE(e.total, 0)) > 1e-6 * greatest(1, abs(COALESCE(e.total, 0)))
            """)
        let row = totals.first
        let currency = row?["currency"].string ?? "0"
        let reserved = row?["reserved"].string ?? "0"
        let minted = row?["minted"].string ?? "0"
        let burned = row?["burned"].string ?? "0"
        let conserved = cents(currency) + cents(reserved) == cents(minted) - cents(burned)
        let holdsMatch = (holdProblems.first?["problems"].int ?? 1) == 0
        let detailsMatch = (detailProblems.first?["problems"].int ?? 1) == 0
        let statsMatch = (statProblems.first?["problems"].int ?? 1) == 0
        return Report(
            ok: unbalanced.isEmpty && mismatches.isEmpty && conserved && holdsMatch && detailsMatch && statsMatch,
            events: try row?.decode("events", as: Int.self) ?? 0,
            postings: try row?.decode("postings", as: Int.self) ?? 0,
            accounts: try row?.decode("accounts", as: Int.self) ?? 0,
            totalBalance: try row?.decode("total", as: String.self) ?? "0",
            currency: currency, reserved: reserved, minted: minted, burned: burned, conserved: conserved,
            holdsMatch: holdsMatch, detailsMatch: detailsMatch, statsMatch: statsMatch,
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
    }

    private static func cents(_ text: String) -> Int64 { LedgerAmount.cents(text: text) ?? Int64.min / 2 }
}
