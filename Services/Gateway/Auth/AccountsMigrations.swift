import Postgres

/// The accounts area's part of the `gateway` schema (versions 10-19): user roles and settings, teams, shared
/// keys and worker messages.
enum AccountsMigrations {
    /// The accounts migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            10, "user roles, teams, shared keys and worker messages",
            """
            ALTER TABLE gateway.users
                ADD COLUMN customizer boolean NOT NULL DEFAULT false,
                ADD COLUMN vpn boolean NOT NULL DEFAULT false,
                ADD COLUMN service boolean NOT NULL DEFAULT false,
                ADD COLUMN education boolean NOT NULL DEFAULT false,
                ADD COLUMN special boolean NOT NULL DEFAULT false,
                ADD COLUMN filtered boolean NOT NULL DEFAULT false,
                ADD COLUMN worker_invited integer NOT NULL DEFAULT 0,
                ADD COLUMN usage_multiplier double precision NOT NULL DEFAULT 1,
                ADD COLUMN monthly_kudos integer NOT NULL DEFAULT 0,
                ADD COLUMN admin_comment text,
                ADD COLUMN proxy_passkey_hash text,
                ADD COLUMN suspicion integer NOT NULL DEFAULT 0,
                ADD COLUMN wiped boolean NOT NULL DEFAULT false,
                ADD COLUMN client_agent text;
            CREATE INDEX users_proxy_passkey ON gateway.users (proxy_passkey_hash)
                WHERE proxy_passkey_hash IS NOT NULL;
            CREATE TABLE gateway.teams (
                id uuid PRIMARY KEY,
                name text NOT NULL,
                info text,
                owner_id bigint NOT NULL REFERENCES gateway.users (id),
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE UNIQUE INDEX teams_name_lower ON gateway.teams (lower(name));
            ALTER TABLE gateway.workers
                ADD COLUMN maintenance_msg text,
                ADD COLUMN team_id uuid REFERENCES gateway.teams (id) ON DELETE SET NULL;
            CREATE INDEX workers_team_id ON gateway.workers (team_id);
            CREATE INDEX workers_last_check_in ON gateway.workers (last_check_in);
            CREATE TABLE gateway.shared_keys (
                id uuid PRIMARY KEY,
                owner_id bigint NOT NULL REFERENCES gateway.users (id),
                name text,
                kudos double precision NOT NULL DEFAULT 5000,
                utilized double precision NOT NULL DEFAULT 0,
                expiry timestamptz,
                max_image_pixels integer NOT NULL DEFAULT -1,
                max_image_steps integer NOT NULL DEFAULT -1,
                max_text_tokens integer NOT NULL DEFAULT -1,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX shared_keys_owner_id ON gateway.shared_keys (owner_id);
            CREATE TABLE gateway.worker_messages (
                id uuid PRIMARY KEY,
                worker_id uuid REFERENCES gateway.workers (id) ON DELETE CASCADE,
                author_id bigint NOT NULL REFERENCES gateway.users (id),
                message text NOT NULL,
                origin text,
                expires_at timestamptz NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX worker_messages_worker_id ON gateway.worker_messages (worker_id, expires_at);
            CREATE INDEX worker_messages_author_id ON gateway.worker_messages (author_id);
            """),
        Migration(
            11, "requests by user",
            "CREATE INDEX requests_user_id ON gateway.requests (user_id, expires_at)"),
    ]
}
