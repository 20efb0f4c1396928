import Postgres

/// The `gateway` schema, in order. Names are part of the record: never rename an applied migration.
enum GatewayMigrations {
    /// Every migration of the `gateway` schema, in order.
    static let all: [Migration] = [
        Migration(
            1, "users and api keys",
            """
            CREATE TABLE gateway.users (
                id bigint PRIMARY KEY,
                username text NOT NULL,
                oauth_id text NOT NULL,
                moderator boolean NOT NULL DEFAULT false,
                trusted boolean NOT NULL DEFAULT false,
                flagged boolean NOT NULL DEFAULT false,
                deleted boolean NOT NULL DEFAULT false,
                public_workers boolean NOT NULL DEFAULT false,
                concurrency integer NOT NULL DEFAULT 30,
                contact text,
                created_at timestamptz NOT NULL DEFAULT now(),
                last_active timestamptz NOT NULL DEFAULT now()
            );
            CREATE SEQUENCE gateway.user_ids START WITH 1;
            INSERT INTO gateway.users (id, username, oauth_id, public_workers, concurrency)
                VALUES (0, 'Anonymous', 'anon', true, 500);
            CREATE TABLE gateway.api_keys (
                key_hash text PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES gateway.users (id),
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX api_keys_user_id ON gateway.api_keys (user_id);
            """),
        Migration(
            2, "workers",
            """
            CREATE TABLE gateway.workers (
                id uuid PRIMARY KEY,
                name text NOT NULL UNIQUE,
                owner_id bigint NOT NULL REFERENCES gateway.users (id),
                kind text NOT NULL,
                bridge_agent text NOT NULL DEFAULT 'unknown:0:unknown',
                models text[] NOT NULL DEFAULT '{}',
                nsfw boolean NOT NULL DEFAULT true,
                threads integer NOT NULL DEFAULT 1,
                max_pixels integer NOT NULL DEFAULT 262144,
                max_length integer NOT NULL DEFAULT 512,
                max_context_length integer NOT NULL DEFAULT 2048,
                allow_img2img boolean NOT NULL DEFAULT true,
                allow_painting boolean NOT NULL DEFAULT true,
                allow_post_processing boolean NOT NULL DEFAULT true,
                allow_controlnet boolean NOT NULL DEFAULT false,
                allow_sdxl_controlnet boolean NOT NULL DEFAULT false,
                allow_lora boolean NOT NULL DEFAULT false,
                info text,
                ipaddr text,
                maintenance boolean NOT NULL DEFAULT false,
                paused boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL DEFAULT now(),
                last_check_in timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX workers_owner_id ON gateway.workers (owner_id);
            """),
        Migration(
            3, "requests and generations",
            """
            CREATE TABLE gateway.requests (
                id uuid PRIMARY KEY,
                kind text NOT NULL,
                user_id bigint NOT NULL,
                n integer NOT NULL,
                params jsonb NOT NULL,
                models text[] NOT NULL DEFAULT '{}',
                kudos double precision NOT NULL,
                webhook text,
                client_agent text NOT NULL,
                ipaddr text,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL
            );
            CREATE TABLE gateway.generations (
                job_id uuid PRIMARY KEY,
                request_id uuid NOT NULL,
                kind text NOT NULL,
                worker_id uuid NOT NULL,
                worker_name text NOT NULL,
                model text NOT NULL,
                seed text NOT NULL DEFAULT '',
                state text NOT NULL,
                result text NOT NULL,
                content_type text NOT NULL,
                gen_metadata jsonb NOT NULL DEFAULT '[]',
                created_at timestamptz NOT NULL DEFAULT now(),
                expires_at timestamptz NOT NULL
            );
            CREATE INDEX generations_request_id ON gateway.generations (request_id);
            """),
    ] + AccountsMigrations.migrations + InterrogationMigrations.migrations
        + ModerationMigrations.migrations
        + StylesMigrations.migrations
        + PlatformMigrations.migrations
        + SourceImageMigrations.migrations
        + WorkerLifecycleMigrations.migrations
        + OutboxMigrations.migrations
        + ExpiryMigrations.migrations
}
