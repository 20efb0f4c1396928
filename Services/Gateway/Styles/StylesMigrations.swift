import Postgres

/// The `gateway` tables of styles, their example images and collections (versions 60–69).
enum StylesMigrations {
    /// Appended to `GatewayMigrations.all`.
    static let migrations: [Migration] = [
        Migration(
            60, "styles, style examples and collections",
            """
            ALTER TABLE gateway.users ADD COLUMN IF NOT EXISTS customizer boolean NOT NULL DEFAULT false;
            CREATE TABLE gateway.styles (
                id uuid PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('image', 'text')),
                owner_id bigint NOT NULL REFERENCES gateway.users (id),
                name text NOT NULL,
                info text,
                prompt text NOT NULL,
                params jsonb NOT NULL DEFAULT '{}',
                models text[] NOT NULL DEFAULT '{}',
                tags text[] NOT NULL DEFAULT '{}',
                public boolean NOT NULL DEFAULT true,
                nsfw boolean NOT NULL DEFAULT false,
                sharedkey uuid,
                use_count bigint NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (owner_id, name)
            );
            CREATE INDEX styles_listing ON gateway.styles (kind, public, use_count DESC);
            CREATE INDEX styles_tags ON gateway.styles USING gin (tags);
            CREATE TABLE gateway.style_examples (
                id uuid PRIMARY KEY,
                style_id uuid NOT NULL REFERENCES gateway.styles (id) ON DELETE CASCADE,
                url text NOT NULL,
                is_primary boolean NOT NULL DEFAULT false,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (style_id, url)
            );
            CREATE TABLE gateway.collections (
                id uuid PRIMARY KEY,
                kind text NOT NULL CHECK (kind IN ('image', 'text')),
                owner_id bigint NOT NULL REFERENCES gateway.users (id),
                name text NOT NULL,
                info text,
                public boolean NOT NULL DEFAULT true,
                use_count bigint NOT NULL DEFAULT 0,
                created_at timestamptz NOT NULL DEFAULT now(),
                UNIQUE (owner_id, name)
            );
            CREATE TABLE gateway.collection_styles (
                collection_id uuid NOT NULL REFERENCES gateway.collections (id) ON DELETE CASCADE,
                style_id uuid NOT NULL REFERENCES gateway.styles (id) ON DELETE CASCADE,
                position int NOT NULL,
                PRIMARY KEY (collection_id, style_id)
            );
            CREATE INDEX collection_styles_style ON gateway.collection_styles (style_id);
            """),
    ]
}
