import Postgres

/// `gateway.outbox`: events committed with the change that caused them (an accepted request, a delivered
/// generation or form), waiting for the broker's acknowledgement (see `OutboxRelay`).
enum OutboxMigrations {
    /// The outbox migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            70, "transactional outbox",
            """
            CREATE TABLE gateway.outbox (
                event_id uuid PRIMARY KEY,
                topic text NOT NULL,
                key text NOT NULL,
                envelope text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX outbox_created_at ON gateway.outbox (created_at);
            """)
    ]
}
