import Foundation
import Messages
import Postgres

/// What changed when a form was settled, cancelled, timed out or expired: the events to publish (with their
/// ids) and how the index must follow.
struct FormChanges: Sendable {
    /// Request events, in order, with their deterministic ids.
    var events: [(id: UUID, event: RequestEvent)] = []
    /// Forms that are waiting again.
    var waitingAgain: [WaitingForm] = []
    /// Forms that left the queue.
    var removed: [UUID] = []
    /// Why nothing changed (unknown form, wrong worker, not in progress), for logs.
    var ignoredBecause: String?
}

extension InterrogationStore {
    /// Settles an alchemist's delivery (or give-up) of one form. A redelivered submission re-emits the same
    /// completion event and changes nothing.
    func settle(_ submission: InterrogationFormSubmitted, abortLimit: Int, extendedExpiry: Date, now: Date)
        async throws -> FormChanges
    {
        try await pool.withTransaction { connection in
            var changes = FormChanges()
            let rows = try await connection.query(
                """
                SELECT \(unsafeSQL: FormRow.columns)
                FROM scheduler.interrogation_forms f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                WHERE f.id = \(submission.formId)
                FOR UPDATE OF f
                """)
            guard var form = try rows.first.map(FormRow.decode) else {
                changes.ignoredBecause = "unknown form"
                return changes
            }
            guard form.workerId == submission.workerId else {
                changes.ignoredBecause = "not this worker's form"
                return changes
            }
            if form.state == "done", submission.outcome != .faulted {
                changes.events.append(
                    (form.id, InterrogationEvents.completed(form, delivered: true, at: form.finishedAt ?? now, requestDone: false)))
                return changes
            }
            guard form.state == "processing" else {
                changes.ignoredBecause = "form is \(form.state)"
                return changes
            }
            let interrogationId = form.interrogation.interrogationId
            try await connection.execute(
                """
                UPDATE scheduler.interrogations SET expires_at = GREATEST(expires_at, \(extendedExpiry))
                WHERE id = \(interrogationId)
                """)
            if submission.outcome == .faulted {
                let aborts = form.aborts + 1
                let state = aborts >= abortLimit ? "faulted" : "waiting"
                try await connection.execute(
                    """
                    UPDATE scheduler.interrogation_forms
                    SET aborts = \(aborts), state = \(state),
                        finished_at = CASE WHEN \(state) = 'faulted' THEN \(now)::timestamptz END
                    WHERE id = \(form.id)
                    """)
                changes.events.append(
                    (InterrogationEvents.failedId(form: form.id, abort: aborts),
                     InterrogationEvents.failed(form, workerId: submission.workerId, reason: .faulted, at: now)))
                if state == "waiting", form.interrogation.expiresAt > now {
                    changes.waitingAgain.append(form.waiting)
                }
            } else {
                try await connection.execute(
                    """
                    UPDATE scheduler.interrogation_forms SET state = 'done', finished_at = \(now), charged = true
                    WHERE id = \(form.id)
                    """)
                form.state = "done"
                form.finishedAt = now
            }
            let finished = try await Self.finishIfComplete(interrogationId, now: now, connection)
            if form.state == "done" {
                changes.events.append(
                    (form.id, InterrogationEvents.completed(form, delivered: true, at: now, requestDone: finished != nil)))
            }
            if let finished {
                changes.events.append(
                    (SchedulerEventIDs.finished(interrogationId),
                     InterrogationEvents.finished(form.interrogation, state: finished, at: now)))
            }
            return changes
        }
    }

    /// Cancels an interrogation: waiting forms are cancelled; forms being processed are settled as delivered
    /// (the alchemist is paid, the requester charged) and marked cancelled; delivered forms keep their results.
    func cancel(_ interrogationId: UUID, now: Date) async throws -> FormChanges {
        try await pool.withTransaction { connection in
            var changes = FormChanges()
            let marked = try await connection.execute(
                """
                UPDATE scheduler.interrogations SET cancelled_at = \(now)
                WHERE id = \(interrogationId) AND cancelled_at IS NULL
                """)
            guard marked == 1 else {
                changes.ignoredBecause = "unknown or already cancelled"
                return changes
            }
            let waiting = try await connection.query(
                """
                UPDATE scheduler.interrogation_forms SET state = 'cancelled', finished_at = \(now)
                WHERE interrogation_id = \(interrogationId) AND state = 'waiting'
                RETURNING id
                """)
            changes.removed = try waiting.map { try $0.decode("id", as: UUID.self) }
            let inFlight = try await connection.query(
                """
                WITH settled AS (
                    UPDATE scheduler.interrogation_forms SET state = 'cancelled', finished_at = \(now), charged = true
                    WHERE interrogation_id = \(interrogationId) AND state = 'processing'
                    RETURNING *
                )
                SELECT \(unsafeSQL: FormRow.columns)
                FROM settled f JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                """)
            let settled = try inFlight.map(FormRow.decode)
            let finished = try await Self.finishIfComplete(interrogationId, now: now, connection)
            for form in settled {
                changes.events.append(
                    (form.id, InterrogationEvents.completed(form, delivered: false, at: now, requestDone: finished != nil)))
            }
            var request = settled.first?.interrogation
            if request == nil { request = try await requestOf(interrogationId, connection) }
            if let finished, let request {
                changes.events.append(
                    (SchedulerEventIDs.finished(interrogationId),
                     InterrogationEvents.finished(request, state: finished, at: now)))
            }
            return changes
        }
    }

    private func requestOf(_ interrogationId: UUID, _ connection: PostgresConnection) async throws
        -> InterrogationCreated?
    {
        let rows = try await connection.query(
            "SELECT created FROM scheduler.interrogations WHERE id = \(interrogationId)")
        return try rows.first?.decode("created", as: PostgresJSON.self)
            .decode(InterrogationCreated.self, decoder: WireCoding.decoder())
    }
}
