import Postgres

/// The `scheduler` schema: the queue (`requests`), jobs in flight and settled (`jobs`), and the outbox of events
/// produced by the timers, published after their transaction commits.
enum SchedulerMigrations {
    /// The schema this service owns.
    static let schema = "scheduler"

    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(
            1, "requests and jobs",
            """
            CREATE TABLE scheduler.requests (
                id uuid PRIMARY KEY,
                kind text NOT NULL,
                user_id bigint NOT NULL,
                state text NOT NULL DEFAULT 'waiting',
                n_total int NOT NULL,
                n_waiting int NOT NULL CHECK (n_waiting >= 0),
                faults int NOT NULL DEFAULT 0,
                created jsonb NOT NULL,
                priority double precision NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                finished_at timestamptz,
                cancelled_at timestamptz,
                version bigint NOT NULL DEFAULT 1
            );
            CREATE INDEX requests_waiting ON scheduler.requests (expires_at) WHERE state = 'waiting';

            CREATE TABLE scheduler.jobs (
                id uuid PRIMARY KEY,
                request_id uuid NOT NULL,
                kind text NOT NULL,
                worker_id uuid NOT NULL,
                worker_name text NOT NULL,
                worker_owner_id bigint NOT NULL,
                worker_owner_trusted boolean NOT NULL DEFAULT false,
                bridge_agent text NOT NULL,
                model text NOT NULL,
                batch_index int NOT NULL,
                state text NOT NULL,
                outcome text,
                seed text,
                pop_id uuid NOT NULL,
                started_at timestamptz NOT NULL,
                deadline_at timestamptz NOT NULL,
                finished_at timestamptz,
                cost double precision,
                reward double precision,
                reward_before_bridge double precision,
                things double precision,
                finished_request boolean NOT NULL DEFAULT false
            );
            CREATE INDEX jobs_request_id ON scheduler.jobs (request_id);
            CREATE INDEX jobs_processing_deadline ON scheduler.jobs (deadline_at) WHERE state = 'processing';

            CREATE TABLE scheduler.outbox (
                event_id uuid PRIMARY KEY,
                topic text NOT NULL,
                key text NOT NULL,
                envelope text NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            """),
        Migration(
            2, "request partitions",
            """
            ALTER TABLE scheduler.requests ADD COLUMN kafka_partition int;
            CREATE INDEX requests_waiting_partition ON scheduler.requests (kafka_partition) WHERE state = 'waiting';
            """),
        Migration(
            3, "finished requests by expiry",
            """
            CREATE INDEX requests_finished_expiry ON scheduler.requests (expires_at) WHERE state <> 'waiting';
            """),
    ] + InterrogationMigrations.all
        + FakeJobMigrations.all
}
