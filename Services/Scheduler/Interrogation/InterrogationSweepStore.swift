import Foundation
import Messages
import Postgres

extension InterrogationStore {
    /// Forms past their deadline go back to waiting (their abort counted); the `abortLimit`-th abort faults the
    /// form. The events go to the outbox (`topic`) in the same transaction.
    func timeOutForms(now: Date, abortLimit: Int, topic: String) async throws -> FormChanges {
        try await pool.withTransaction { connection in
            var changes = FormChanges()
            let rows = try await connection.query(
                """
                WITH stale AS (
                    UPDATE scheduler.interrogation_forms
                    SET aborts = aborts + 1,
                        state = CASE WHEN aborts + 1 >= \(abortLimit) THEN 'faulted' ELSE 'waiting' END,
                        finished_at = CASE WHEN aborts + 1 >= \(abortLimit) THEN \(now)::timestamptz END
                    WHERE state = 'processing' AND deadline_at < \(now)
                    RETURNING *
                )
                SELECT \(unsafeSQL: FormRow.columns)
                FROM stale f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                """)
            let forms = try rows.map(FormRow.decode)
            for form in forms {
                let event = InterrogationEvents.failed(
                    form, workerId: form.workerId ?? InterrogationEvents.noWorker, reason: .timedOut, at: now)
                try await Outbox.insert(
                    [(InterrogationEvents.failedId(form: form.id, abort: form.aborts), event)], topic: topic,
                    key: form.interrogation.interrogationId, at: now, connection)
                if form.state == "waiting" { changes.waitingAgain.append(form.waiting) }
            }
            for request in Dictionary(grouping: forms, by: \.interrogation.interrogationId).values.compactMap(\.first) {
                let id = request.interrogation.interrogationId
                guard let state = try await Self.finishIfComplete(id, now: now, connection) else { continue }
                try await Outbox.insert(
                    [(SchedulerEventIDs.finished(id), InterrogationEvents.finished(request.interrogation, state: state, at: now))],
                    topic: topic, key: id, at: now, connection)
            }
            return changes
        }
    }

    /// Deletes interrogations past their expiry with their forms (their results disappear with them); those not
    /// finished yet announce `expired` through the outbox.
    func expire(now: Date, topic: String) async throws -> FormChanges {
        try await pool.withTransaction { connection in
            var changes = FormChanges()
            let rows = try await connection.query(
                """
                DELETE FROM scheduler.interrogations WHERE expires_at < \(now)
                RETURNING id, created, finished_at
                """)
            for row in rows {
                let request = try row.decode("created", as: PostgresJSON.self)
                    .decode(InterrogationCreated.self, decoder: WireCoding.decoder())
                changes.removed += request.forms.map(\.formId)
                guard try row.decode("finished_at", as: Date?.self) == nil else { continue }
                try await Outbox.insert(
                    [(SchedulerEventIDs.finished(request.interrogationId),
                      InterrogationEvents.finished(request, state: .expired, at: now))],
                    topic: topic, key: request.interrogationId, at: now, connection)
            }
            return changes
        }
    }
}
