import Postgres

/// The `ledger` schema: applied events (the idempotency record, with the refusal of refused ones and the event's
/// counters as `[[subject, field, value], …]`), their postings (append-only), and the projections folded from them (balances, kudos details, stats) plus the
/// holds.
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
            """),
        Migration(
            2, "outcomes, details, holds and stats",
            """
            ALTER TABLE ledger.events ADD COLUMN refusal text;
            ALTER TABLE ledger.postings ADD COLUMN detail text;
            ALTER TABLE ledger.postings ADD COLUMN hold_id text;
            CREATE TABLE ledger.details (
                user_id bigint NOT NULL,
                field text NOT NULL,
                amount numeric(20,2) NOT NULL,
                PRIMARY KEY (user_id, field)
            );
            CREATE TABLE ledger.holds (
                hold_id text PRIMARY KEY,
                user_id bigint NOT NULL,
                amount numeric(20,2) NOT NULL,
                remaining numeric(20,2) NOT NULL,
                open boolean NOT NULL,
                shared_key_id uuid,
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE ledger.stat_entries (
                id bigserial PRIMARY KEY,
                event_id uuid NOT NULL REFERENCES ledger.events (event_id),
                subject text NOT NULL,
                field text NOT NULL,
                value double precision NOT NULL
            );
            CREATE TABLE ledger.stats (
                subject text NOT NULL,
                field text NOT NULL,
                value double precision NOT NULL,
                PRIMARY KEY (subject, field)
            );
            """),
        Migration(
            3, "instance id",
            """
            CREATE TABLE ledger.instance (id uuid PRIMARY KEY);
            INSERT INTO ledger.instance (id) VALUES (gen_random_uuid());
            """),
        Migration(
            4, "no per-event posting index",
            """
            DROP INDEX IF EXISTS ledger.postings_event_id;
            """),
        Migration(
            5, "counters recorded with their event",
            """
            ALTER TABLE ledger.events ADD COLUMN stats jsonb;
            DROP TABLE IF EXISTS ledger.stat_entries;
            """),
    ]
}
