import Postgres

/// The worker lifecycle's part of the `gateway` schema (versions 110-119): the aborted jobs counted against each
/// worker and the suspicions recorded against it.
enum WorkerLifecycleMigrations {
    /// The worker lifecycle migrations, in order.
    static let migrations: [Migration] = [
        Migration(
            110, "worker aborts and suspicions",
            """
            CREATE TABLE gateway.worker_aborts (
                event_id uuid PRIMARY KEY,
                worker_id uuid NOT NULL,
                aborted_at timestamptz NOT NULL
            );
            CREATE INDEX worker_aborts_worker ON gateway.worker_aborts (worker_id, aborted_at);
            CREATE TABLE gateway.worker_suspicions (
                id bigserial PRIMARY KEY,
                worker_id uuid NOT NULL REFERENCES gateway.workers (id) ON DELETE CASCADE,
                reason integer NOT NULL,
                created_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX worker_suspicions_worker ON gateway.worker_suspicions (worker_id);
            ALTER TABLE gateway.workers
                ADD COLUMN aborts_counted_since timestamptz,
                ADD COLUMN uncompleted_jobs integer NOT NULL DEFAULT 0;
            """)
    ]
}
