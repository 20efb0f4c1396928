import Postgres

/// The gateway's alchemy tables (versions 40–49): accepted interrogations with their inline source images.
/// Form results are stored in `gateway.generations` with `kind = 'interrogation'` and the form name as `model`.
enum InterrogationMigrations {
    /// Every alchemy migration of the `gateway` schema, in order.
    static let migrations: [Migration] = [
        Migration(
            40, "interrogations",
            """
            CREATE TABLE gateway.interrogations (
                id uuid PRIMARY KEY,
                user_id bigint NOT NULL,
                forms jsonb NOT NULL,
                source_url text,
                source_image text,
                image_tiles int NOT NULL,
                webhook text,
                client_agent text NOT NULL,
                ipaddr text,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX interrogations_user_id ON gateway.interrogations (user_id);
            """),
        Migration(
            41, "interrogation result cache lookup",
            """
            CREATE INDEX interrogations_source_url ON gateway.interrogations (source_url, created_at)
                WHERE source_url IS NOT NULL;
            """),
    ]
}
