import Postgres

/// What the expired-request sweep reads (versions 90-99 of the `gateway` schema).
enum ExpiryMigrations {
    /// The expiry migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            90, "requests by expiry",
            """
            -- BRIN: requests arrive roughly in expiry order, and a range index costs inserts almost nothing.
            CREATE INDEX requests_expires_at ON gateway.requests USING brin (expires_at);
            """)
    ]
}
