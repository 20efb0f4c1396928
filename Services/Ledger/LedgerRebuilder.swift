import Foundation
import Postgres

/// `horde-ledger rebuild`: throws the projections away and folds them again from the append-only rows (postings
/// and stat entries), under the projector lock so no batch interleaves. Holds keep their open/closed state; their
/// remainders are recomputed from the reserved account's postings.
struct LedgerRebuilder: Sendable {
    /// The ledger's Postgres pool.
    let pool: PostgresPool

    /// Rebuilds every projection and returns the verification of the result.
    func rebuild() async throws -> LedgerVerifier.Report {
        try await pool.withTransaction { connection in
            try await connection.execute("SELECT pg_advisory_xact_lock(\(LedgerStore.projectorLock))")
            try await connection.execute("DELETE FROM ledger.balances")
            try await connection.execute(
                """
                INSERT INTO ledger.balances (account, balance, updated_at)
                SELECT account, sum(amount), now() FROM ledger.postings GROUP BY account
                """)
            try await connection.execute("DELETE FROM ledger.details")
            try await connection.execute(
                """
                INSERT INTO ledger.details (user_id, field, amount)
                SELECT substr(account, 6)::bigint, detail, sum(amount) FROM ledger.postings
                WHERE detail IS NOT NULL AND account LIKE 'user:%' GROUP BY 1, 2
                """)
            try await connection.execute("DELETE FROM ledger.stats")
            try await connection.execute(
                """
                INSERT INTO ledger.stats (subject, field, value)
                SELECT s ->> 0, s ->> 1, sum((s ->> 2)::double precision)
                FROM ledger.events e, jsonb_array_elements(e.stats) AS s
                WHERE e.stats IS NOT NULL GROUP BY 1, 2
                """)
            try await connection.execute(
                """
                UPDATE ledger.holds h SET remaining = COALESCE(
                    (SELECT sum(amount) FROM ledger.postings p
                     WHERE p.account = 'system:reserved' AND p.hold_id = h.hold_id), 0)
                """)
            return try await LedgerVerifier.verify(connection, listLimit: 100)
        }
    }
}
