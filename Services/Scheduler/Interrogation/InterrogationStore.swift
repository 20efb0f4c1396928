import Foundation
import HordeCore
import Messages
import Postgres

/// The alchemy queue in Postgres, the source of truth the in-memory index is rebuilt from. Every statement is
/// conditional on the form's current state, so replayed commands and the sweep never apply a change twice.
struct InterrogationStore: Sendable {
    /// The scheduler's Postgres pool.
    let pool: PostgresPool

    /// A form's final states.
    static let finalStates: Set<String> = ["done", "faulted", "cancelled"]

    /// Queues an interrogation idempotently and returns its forms still waiting (all of them when new; the
    /// current ones when the command was redelivered).
    func insert(_ created: InterrogationCreated) async throws -> (waiting: [WaitingForm], finished: RequestFinished.State?) {
        let json = try PostgresJSON(encoding: created, encoder: WireCoding.encoder())
        let id = created.interrogationId
        return try await pool.withTransaction { connection in
            var finished: RequestFinished.State?
            let inserted = try await connection.execute(
                """
                INSERT INTO scheduler.interrogations (id, user_id, created, priority, created_at, expires_at)
                VALUES (\(id), \(created.userId), \(json), \(created.priority), \(created.createdAt),
                    \(created.expiresAt))
                ON CONFLICT (id) DO NOTHING
                """)
            if inserted == 1 {
                for (position, form) in created.forms.enumerated() {
                    let cached = form.cached == true
                    try await connection.execute(
                        """
                        INSERT INTO scheduler.interrogation_forms (id, interrogation_id, position, name, kudos, cost,
                            state, finished_at)
                        VALUES (\(form.formId), \(id), \(position), \(form.name), \(form.kudos), \(form.cost),
                            \(cached ? "done" : "waiting"), \(cached ? created.createdAt : nil))
                        """)
                }
                // Every form answered from the cache: the interrogation is done at once.
                finished = try await Self.finishIfComplete(id, now: created.createdAt, connection)
            }
            let rows = try await connection.query(
                """
                SELECT f.id FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i
                    ON i.id = f.interrogation_id
                WHERE f.interrogation_id = \(id) AND f.state = 'waiting' AND i.cancelled_at IS NULL
                """)
            let waiting = Set(try rows.map { try $0.decode("id", as: UUID.self) })
            return (WaitingForm.forms(of: created, waiting: waiting), finished)
        }
    }

    /// Every waiting form of a live interrogation: the index at start-up.
    func loadWaiting(now: Date = Date()) async throws -> [WaitingForm] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: FormRow.columns)
            FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
            WHERE f.state = 'waiting' AND i.cancelled_at IS NULL AND i.expires_at > \(now)
            """)
        return try rows.map { try FormRow.decode($0).waiting }
    }

    /// Hands the waiting forms among `formIds` to one pop, in one transaction, and keeps their interrogations
    /// alive `extendedExpiry`. Returns the forms taken, in the order asked; forms that were no longer waiting
    /// are left out.
    func claim(
        _ formIds: [UUID], popId: UUID, worker: AlchemistProfile, now: Date, deadline: Date, extendedExpiry: Date
    ) async throws -> [FormRow] {
        guard !formIds.isEmpty else { return [] }
        return try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                WITH taken AS (
                    UPDATE scheduler.interrogation_forms f
                    SET state = 'processing', worker_id = \(worker.workerId), worker_name = \(worker.name),
                        worker_owner_id = \(worker.ownerId), pop_id = \(popId), started_at = \(now),
                        deadline_at = \(deadline)
                    FROM scheduler.interrogations i
                    WHERE f.id = ANY(\(formIds)::uuid[]) AND f.state = 'waiting' AND i.id = f.interrogation_id
                        AND i.cancelled_at IS NULL AND i.expires_at > \(now)
                    RETURNING f.*
                )
                SELECT \(unsafeSQL: FormRow.columns)
                FROM taken f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                """)
            let taken = try rows.map(FormRow.decode)
            let ids = Array(Set(taken.map(\.interrogation.interrogationId)))
            if !ids.isEmpty {
                try await connection.execute(
                    """
                    UPDATE scheduler.interrogations SET expires_at = GREATEST(expires_at, \(extendedExpiry))
                    WHERE id = ANY(\(ids)::uuid[])
                    """)
            }
            let order = Dictionary(uniqueKeysWithValues: formIds.enumerated().map { ($1, $0) })
            return taken.sorted { (order[$0.id] ?? 0) < (order[$1.id] ?? 0) }
        }
    }

    /// The forms pop `popId` took, if it was already served (a redelivered pop is answered with them again).
    func forms(ofPop popId: UUID) async throws -> [FormRow] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: FormRow.columns), f.position
            FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
            WHERE f.pop_id = \(popId)
            ORDER BY f.started_at, f.position
            """)
        return try rows.map(FormRow.decode)
    }

    /// One form, if it exists.
    func form(_ formId: UUID) async throws -> FormRow? {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: FormRow.columns)
            FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
            WHERE f.id = \(formId)
            """)
        return try rows.first.map(FormRow.decode)
    }

    /// Every form of one interrogation, in the order requested.
    func forms(of interrogationId: UUID) async throws -> [FormRow] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: FormRow.columns), f.position
            FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
            WHERE f.interrogation_id = \(interrogationId)
            ORDER BY f.position
            """)
        return try rows.map(FormRow.decode)
    }

    /// Marks the interrogation finished when none of its forms is waiting or processing any more; returns its
    /// final state the first time (nil when still open or already finished).
    static func finishIfComplete(_ interrogationId: UUID, now: Date, _ connection: PostgresConnection) async throws
        -> RequestFinished.State?
    {
        let rows = try await connection.query(
            """
            SELECT i.finished_at, i.cancelled_at,
                count(*) FILTER (WHERE f.state IN ('waiting', 'processing')) AS open,
                count(*) FILTER (WHERE f.state = 'faulted') AS faulted,
                count(*) FILTER (WHERE f.state = 'done') AS done,
                count(*) AS total
            FROM scheduler.interrogations i JOIN scheduler.interrogation_forms f ON f.interrogation_id = i.id
            WHERE i.id = \(interrogationId)
            GROUP BY i.id
            """)
        guard let row = rows.first, try row.decode("finished_at", as: Date?.self) == nil,
            try row.decode("open", as: Int.self) == 0
        else { return nil }
        try await connection.execute(
            "UPDATE scheduler.interrogations SET finished_at = \(now) WHERE id = \(interrogationId)")
        let total = try row.decode("total", as: Int.self)
        if try row.decode("faulted", as: Int.self) == total { return .faulted }
        if try row.decode("cancelled_at", as: Date?.self) != nil, try row.decode("done", as: Int.self) < total {
            return .cancelled
        }
        return .done
    }
}
