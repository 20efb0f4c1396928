import Postgres

/// The alchemy queue's tables in the `scheduler` schema (versions 100–119): interrogations and their forms.
enum InterrogationMigrations {
    /// Every migration of the alchemy queue, in order.
    static let all: [Migration] = [
        Migration(
            100, "interrogations and forms",
            """
            CREATE TABLE scheduler.interrogations (
                id uuid PRIMARY KEY,
                user_id bigint NOT NULL,
                created jsonb NOT NULL,
                priority double precision NOT NULL,
                created_at timestamptz NOT NULL,
                expires_at timestamptz NOT NULL,
                cancelled_at timestamptz,
                finished_at timestamptz
            );
            CREATE INDEX interrogations_expires_at ON scheduler.interrogations (expires_at);
            CREATE INDEX interrogations_user_id ON scheduler.interrogations (user_id) WHERE finished_at IS NULL;

            CREATE TABLE scheduler.interrogation_forms (
                id uuid PRIMARY KEY,
                interrogation_id uuid NOT NULL REFERENCES scheduler.interrogations (id) ON DELETE CASCADE,
                position int NOT NULL,
                name text NOT NULL,
                state text NOT NULL DEFAULT 'waiting',
                kudos double precision NOT NULL,
                cost double precision NOT NULL,
                worker_id uuid,
                worker_name text,
                worker_owner_id bigint,
                pop_id uuid,
                started_at timestamptz,
                deadline_at timestamptz,
                finished_at timestamptz,
                aborts int NOT NULL DEFAULT 0,
                charged boolean NOT NULL DEFAULT false
            );
            CREATE INDEX interrogation_forms_interrogation_id ON scheduler.interrogation_forms (interrogation_id);
            CREATE INDEX interrogation_forms_pop_id ON scheduler.interrogation_forms (pop_id);
            CREATE INDEX interrogation_forms_processing ON scheduler.interrogation_forms (deadline_at)
                WHERE state = 'processing';
            """)
    ]
}
