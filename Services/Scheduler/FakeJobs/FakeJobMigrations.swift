import Postgres

/// The fake jobs of paused workers (versions 110-119 of the `scheduler` schema). A row is written when a paused
/// worker is handed a fake job: the (request, worker) pairs are the "tricked" ones matching never repeats, and the
/// gateway's submit recognises the job id here (one primary-key lookup).
enum FakeJobMigrations {
    /// The fake-job migrations, in order.
    static let all: [Migration] = [
        Migration(
            110, "fake jobs of paused workers",
            """
            CREATE TABLE scheduler.fake_jobs (
                id uuid PRIMARY KEY,
                request_id uuid NOT NULL,
                kind text NOT NULL,
                worker_id uuid NOT NULL,
                worker_name text NOT NULL,
                worker_owner_id bigint NOT NULL,
                model text NOT NULL,
                batch_index int NOT NULL,
                pop_id uuid NOT NULL,
                started_at timestamptz NOT NULL
            );
            CREATE INDEX fake_jobs_request_worker ON scheduler.fake_jobs (request_id, worker_id);
            """)
    ]
}
