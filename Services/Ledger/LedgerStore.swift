import Domain
import Foundation
import Messages
import Postgres

/// The ledger in Postgres. One business event = one transaction: the event id is recorded (the idempotency
/// check), its postings appended, and the balances of the accounts it touches updated — all or nothing.
struct LedgerStore: Sendable {
    /// The ledger's Postgres pool.
    let pool: PostgresPool

    /// Applies `postings` as event `eventId`, once. Returns the new balances of the touched accounts (in
    /// hundredths), and whether this call applied the event (false: it had been applied before, and the balances
    /// are the current ones).
    func apply(eventId: UUID, type: String, occurredAt: Date, postings: [LedgerPosting]) async throws
        -> (applied: Bool, balances: [AccountRef: Int64])
    {
        // Sorted, so concurrent transactions lock balance rows in the same order and never deadlock.
        let changes = LedgerPostingRules.netChanges(postings).filter { $0.value != 0 }
            .sorted { $0.key.description < $1.key.description }
        let accounts = changes.map(\.key.description)
        let deltas = changes.map { LedgerAmount.text(cents: $0.value) }
        return try await pool.withTransaction { connection in
            let recorded = try await connection.query(
                """
                INSERT INTO ledger.events (event_id, type, occurred_at, applied_at)
                VALUES (\(eventId), \(type), \(occurredAt), now())
                ON CONFLICT (event_id) DO NOTHING
                RETURNING event_id
                """)
            guard !recorded.isEmpty else {
                return (false, try await Self.balances(of: accounts, connection))
            }
            if !postings.isEmpty {
                try await connection.execute(
                    """
                    INSERT INTO ledger.postings (event_id, account, amount, entry_type, created_at)
                    SELECT \(eventId), p.account, p.amount::numeric(20,2), p.entry_type, now()
                    FROM unnest(
                        \(postings.map(\.account.description))::text[], \(postings.map(\.amountText))::text[],
                        \(postings.map(\.entryType.rawValue))::text[]
                    ) WITH ORDINALITY AS p(account, amount, entry_type, n)
                    ORDER BY p.n
                    """)
            }
            guard !accounts.isEmpty else { return (true, [:]) }
            let rows = try await connection.query(
                """
                INSERT INTO ledger.balances (account, balance, updated_at)
                SELECT d.account, d.delta::numeric(20,2), now()
                FROM unnest(\(accounts)::text[], \(deltas)::text[]) AS d(account, delta)
                ORDER BY d.account
                ON CONFLICT (account) DO UPDATE
                SET balance = ledger.balances.balance + EXCLUDED.balance, updated_at = EXCLUDED.updated_at
                RETURNING account, balance::text AS balance
                """)
            return (true, try Self.decodeBalances(rows))
        }
    }

    /// The balances of `accounts` (hundredths); accounts without a balance row are absent.
    static func balances(of accounts: [String], _ connection: PostgresConnection) async throws -> [AccountRef: Int64] {
        guard !accounts.isEmpty else { return [:] }
        let rows = try await connection.query(
            """
            SELECT account, balance::text AS balance FROM ledger.balances
            WHERE account = ANY(\(accounts)::text[])
            """)
        return try decodeBalances(rows)
    }

    /// One account's balance in kudos (0 when it has none).
    func balance(of account: AccountRef) async throws -> Double {
        let rows = try await pool.query(
            "SELECT balance::text AS balance FROM ledger.balances WHERE account = \(account.description)")
        guard let text = try rows.first?.decode("balance", as: String.self) else { return 0 }
        return Double(LedgerAmount.cents(text: text) ?? 0) / 100
    }

    private static func decodeBalances(_ rows: [PostgresRow]) throws -> [AccountRef: Int64] {
        var balances: [AccountRef: Int64] = [:]
        for row in rows {
            let key = try row.decode("account", as: String.self)
            let text = try row.decode("balance", as: String.self)
            guard let account = AccountRef(key: key), let cents = LedgerAmount.cents(text: text) else { continue }
            balances[account] = cents
        }
        return balances
    }
}
