import Postgres

/// The moderation tables of the `gateway` schema (versions 20–29): filters, modes, IP timeouts, and the record of
/// refused prompts and suspicious users.
enum ModerationMigrations {
    /// The moderation migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            20, "moderation filters, modes and ip timeouts",
            """
            CREATE TABLE gateway.filters (
                id uuid PRIMARY KEY,
                regex text NOT NULL,
                filter_type integer NOT NULL,
                description text,
                replacement text NOT NULL DEFAULT '',
                author text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX filters_filter_type ON gateway.filters (filter_type);
            CREATE TABLE gateway.moderation_state (
                id integer PRIMARY KEY CHECK (id = 1),
                maintenance_mode boolean NOT NULL DEFAULT false,
                invite_only_mode boolean NOT NULL DEFAULT false,
                raid_mode boolean NOT NULL DEFAULT false,
                filters_version bigint NOT NULL DEFAULT 0,
                timeouts_version bigint NOT NULL DEFAULT 0
            );
            INSERT INTO gateway.moderation_state (id) VALUES (1);
            CREATE TABLE gateway.ip_timeouts (
                cidr text PRIMARY KEY,
                worker_id uuid,
                expires_at timestamptz NOT NULL,
                created_by bigint,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX ip_timeouts_worker_id ON gateway.ip_timeouts (worker_id);
            CREATE TABLE gateway.filtered_prompts (
                id bigserial PRIMARY KEY,
                user_id bigint NOT NULL,
                ipaddr text,
                prompt text NOT NULL,
                models text[] NOT NULL DEFAULT '{}',
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE gateway.user_suspicions (
                user_id bigint NOT NULL,
                reason integer NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (user_id, reason)
            );
            """)
    ]
}
