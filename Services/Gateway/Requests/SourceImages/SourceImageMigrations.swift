import Postgres

/// The `gateway` table of request source images (versions 80–89).
enum SourceImageMigrations {
    /// Appended to `GatewayMigrations.all`.
    static let migrations: [Migration] = [
        Migration(
            80, "request source images",
            """
            CREATE TABLE gateway.request_sources (
                request_id uuid PRIMARY KEY,
                source_image text NOT NULL,
                source_processing text NOT NULL,
                source_mask text,
                extra_source_images jsonb NOT NULL DEFAULT '[]',
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX request_sources_expires_at ON gateway.request_sources (expires_at);
            """)
    ]
}
