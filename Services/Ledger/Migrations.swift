import Postgres

/// The `ledger` schema: applied events (the idempotency record), their postings, and the balances folded from
/// them.
enum LedgerMigrations {
    /// The schema this service owns.
    static let schema = "ledger"

    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(
            1, "events, postings and balances",
            """
            CREATE TABLE ledger.events (
                event_id uuid PRIMARY KEY,
                type text NOT NULL,
                occurred_at timestamptz NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE ledger.postings (
                id bigserial PRIMARY KEY,
                event_id uuid NOT NULL REFERENCES ledger.events (event_id),
                account text NOT NULL,
                amount numeric(20,2) NOT NULL,
                entry_type text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX postings_event_id ON ledger.postings (event_id);
            CREATE INDEX postings_account ON ledger.postings (account);
            CREATE TABLE ledger.balances (
                account text PRIMARY KEY,
                balance numeric(20,2) NOT NULL,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            """)
    ]
}
