import Postgres

/// The platform area's tables in the `gateway` schema (versions 30–39): generation statistics, kept as running
/// sums per bucket so the stats endpoints read a few index ranges instead of scanning generations, and
/// aesthetic ratings.
enum PlatformMigrations {
    /// The platform migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            30, "generation statistics",
            """
            CREATE TABLE gateway.stats_seen (
                job_id uuid PRIMARY KEY,
                seen_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX stats_seen_seen_at ON gateway.stats_seen (seen_at);
            CREATE TABLE gateway.stats_recent (
                kind text NOT NULL,
                bucket timestamptz NOT NULL,
                model text NOT NULL,
                jobs bigint NOT NULL,
                things double precision NOT NULL,
                PRIMARY KEY (kind, bucket, model)
            );
            CREATE INDEX stats_recent_bucket ON gateway.stats_recent (bucket);
            CREATE TABLE gateway.stats_hourly (
                kind text NOT NULL,
                bucket timestamptz NOT NULL,
                model text NOT NULL,
                jobs bigint NOT NULL,
                things double precision NOT NULL,
                PRIMARY KEY (kind, bucket, model)
            );
            CREATE INDEX stats_hourly_bucket ON gateway.stats_hourly (bucket);
            CREATE TABLE gateway.stats_totals (
                kind text NOT NULL,
                model text NOT NULL,
                jobs bigint NOT NULL,
                things double precision NOT NULL,
                PRIMARY KEY (kind, model)
            );
            """),
        Migration(
            31, "aesthetic ratings",
            """
            CREATE TABLE gateway.aesthetic_ratings (
                request_id uuid PRIMARY KEY,
                user_id bigint NOT NULL,
                ratings jsonb NOT NULL,
                best uuid,
                reward double precision NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
    ]
}
