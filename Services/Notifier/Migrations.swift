import Postgres

/// The notifier's schema: deliveries (one per delivered job with a webhook) and the attempts made for each.
enum NotifierMigrations {
    /// Applied in order by the migrator at start-up.
    static let all: [Migration] = [
        Migration(
            1, "deliveries and attempts",
            """
            CREATE TABLE notifier.deliveries (
                id uuid PRIMARY KEY,
                request_id uuid NOT NULL,
                kind text NOT NULL,
                url text NOT NULL,
                kudos double precision NOT NULL DEFAULT 0,
                state text NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'delivered', 'failed', 'refused')),
                attempts int NOT NULL DEFAULT 0,
                last_status int,
                last_error text,
                claimed_by text,
                lease_until timestamptz NOT NULL DEFAULT now(),
                outcome_published boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz
            );
            CREATE INDEX deliveries_pending_idx ON notifier.deliveries (lease_until) WHERE state = 'pending';
            CREATE INDEX deliveries_unpublished_idx ON notifier.deliveries (finished_at)
                WHERE state <> 'pending' AND NOT outcome_published;
            CREATE INDEX deliveries_request_idx ON notifier.deliveries (request_id);
            CREATE TABLE notifier.attempts (
                delivery_id uuid NOT NULL REFERENCES notifier.deliveries (id) ON DELETE CASCADE,
                attempt int NOT NULL,
                status int,
                error text,
                duration_ms int NOT NULL,
                attempted_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (delivery_id, attempt)
            );
            """),
        Migration(
            2, "retry schedule and dead letters",
            """
            ALTER TABLE notifier.deliveries ADD COLUMN next_attempt_at timestamptz NOT NULL DEFAULT now();
            ALTER TABLE notifier.deliveries DROP CONSTRAINT deliveries_state_check;
            ALTER TABLE notifier.deliveries ADD CONSTRAINT deliveries_state_check
                CHECK (state IN ('pending', 'delivered', 'failed', 'refused', 'dead'));
            """),
    ]
}
