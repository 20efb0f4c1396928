import Foundation
import Messages
import Postgres
import ServiceKit

/// The gateway's reads and writes for alchemy: its own `gateway.interrogations` and `gateway.generations` rows,
/// and reads of the scheduler's form states (as the generation submit path reads `scheduler.jobs`).
struct InterrogationRepository: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Sends the committed commands.
    let outbox: OutboxRelay

    /// Recent results of `forms` on the same source URL, by form name (HORDE_RULES 2.7): post-processors for
    /// 90 minutes, other forms for 5 days.
    func cachedResults(url: String, forms: [String], now: Date = Date()) async throws -> [String: FormResult] {
        let rows = try await pool.query(
            """
            SELECT DISTINCT ON (g.model) g.model, g.state, g.result, g.worker_id, g.worker_name
            FROM gateway.interrogations i
            JOIN gateway.generations g ON g.request_id = i.id AND g.kind = 'interrogation'
            WHERE i.source_url = \(url) AND i.created_at > \(now.addingTimeInterval(-InterrogationCache.analysisLifetime))
                AND g.model = ANY(\(forms)::text[]) AND g.state = 'ok' AND g.expires_at > \(now)
                AND (g.model = ANY(\(Array(ModelInterrogationFormStable.analysisForms))::text[])
                    OR g.created_at > \(now.addingTimeInterval(-InterrogationCache.postProcessorLifetime)))
            ORDER BY g.model, g.created_at DESC
            """)
        var results: [String: FormResult] = [:]
        for row in rows {
            results[try row.decode("model", as: String.self)] = FormResult(
                state: try row.decode("state", as: String.self), result: try row.decode("result", as: String.self),
                workerId: try row.decode("worker_id", as: UUID.self),
                workerName: try row.decode("worker_name", as: String.self))
        }
        return results
    }

    /// Stores the interrogation (and copies of the cached results it reuses, under its own form ids) and queues
    /// it for the scheduler, atomically from the client's point of view: the command goes into `gateway.outbox` in
    /// the same transaction and is sent after COMMIT (`OutboxRelay`).
    func queue(
        _ created: InterrogationCreated, source: InterrogationSource, cached: [String: FormResult] = [:],
        clientAgent: String, ipAddress: String
    ) async throws {
        let forms = created.forms.map { InterrogationRecord.Form(id: $0.formId, name: $0.name) }
        let formsJSON = try PostgresJSON(encoding: forms)
        let event = try OutboxEvent(
            Topics.interrogations, key: created.interrogationId.apiString, InterrogationCommand.created(created),
            eventId: created.interrogationId, at: created.createdAt)
        try await pool.withTransaction { connection in
            try await connection.execute(
                """
                INSERT INTO gateway.interrogations (id, user_id, forms, source_url, source_image, image_tiles, webhook,
                    client_agent, ipaddr, created_at, expires_at)
                VALUES (\(created.interrogationId), \(created.userId), \(formsJSON), \(source.url), \(source.base64),
                    \(created.imageTiles), \(created.webhook), \(clientAgent), \(ipAddress), \(created.createdAt),
                    \(created.expiresAt))
                """)
            for form in created.forms where form.cached == true {
                guard let result = cached[form.name] else { continue }
                try await connection.execute(
                    """
                    INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, state,
                        result, content_type, created_at, expires_at)
                    VALUES (\(form.formId), \(created.interrogationId), 'interrogation', \(result.workerId),
                        \(result.workerName), \(form.name), 'ok', \(result.result), 'application/json',
                        \(created.createdAt), \(created.expiresAt))
                    """)
            }
            try await OutboxRelay.table.insert([event], connection)
        }
        outbox.send([event])
    }

    /// The stored interrogation, if any.
    func record(_ id: UUID) async throws -> InterrogationRecord? {
        let rows = try await pool.query(
            "SELECT id, user_id, forms, expires_at FROM gateway.interrogations WHERE id = \(id)")
        guard let row = rows.first else { return nil }
        return InterrogationRecord(
            id: try row.decode("id", as: UUID.self), userId: try row.decode("user_id", as: Int.self),
            forms: try row.decode("forms", as: PostgresJSON.self).decode([InterrogationRecord.Form].self),
            expiresAt: try row.decode("expires_at", as: Date.self))
    }

    /// The scheduler's view: each form's state, and when the interrogation expires; nil when the scheduler has
    /// not queued it (yet) or already deleted it.
    func scheduled(_ id: UUID) async throws -> (forms: [UUID: ScheduledForm], expiresAt: Date)? {
        do {
            let heads = try await pool.query("SELECT expires_at FROM scheduler.interrogations WHERE id = \(id)")
            guard let head = heads.first else { return nil }
            let rows = try await pool.query(
                """
                SELECT id, state, worker_id, worker_name FROM scheduler.interrogation_forms
                WHERE interrogation_id = \(id)
                """)
            var forms: [UUID: ScheduledForm] = [:]
            for row in rows {
                forms[try row.decode("id", as: UUID.self)] = ScheduledForm(
                    state: try row.decode("state", as: String.self),
                    workerId: try row.decode("worker_id", as: UUID?.self),
                    workerName: try row.decode("worker_name", as: String?.self))
            }
            return (forms, try head.decode("expires_at", as: Date.self))
        } catch where error.isUndefinedTable {
            return nil
        }
    }

    /// Delivered results by form id.
    func results(_ id: UUID) async throws -> [UUID: FormResult] {
        let rows = try await pool.query(
            """
            SELECT job_id, state, result, worker_id, worker_name FROM gateway.generations
            WHERE request_id = \(id) AND kind = 'interrogation'
            """)
        var results: [UUID: FormResult] = [:]
        for row in rows {
            results[try row.decode("job_id", as: UUID.self)] = FormResult(
                state: try row.decode("state", as: String.self), result: try row.decode("result", as: String.self),
                workerId: try row.decode("worker_id", as: UUID.self),
                workerName: try row.decode("worker_name", as: String.self))
        }
        return results
    }

    /// Forms of `userId` still waiting or being processed (the alchemy concurrency limit).
    func openForms(ofUser userId: Int) async throws -> Int {
        do {
            let rows = try await pool.query(
                """
                SELECT count(*) AS n FROM scheduler.interrogation_forms f
                JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                WHERE i.user_id = \(userId) AND i.finished_at IS NULL AND f.state IN ('waiting', 'processing')
                """)
            return try rows.first?.decode("n", as: Int.self) ?? 0
        } catch where error.isUndefinedTable {
            return 0
        }
    }

    /// The inline (base64) source images of the given interrogations.
    func sourceImages(_ ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await pool.query(
            """
            SELECT id, source_image FROM gateway.interrogations
            WHERE id = ANY(\(ids)::uuid[]) AND source_image IS NOT NULL
            """)
        var images: [UUID: String] = [:]
        for row in rows { images[try row.decode("id", as: UUID.self)] = try row.decode("source_image", as: String.self) }
        return images
    }

    /// The form a submit names, or nil when unknown (or its interrogation is gone).
    func submittable(_ formId: UUID) async throws -> SubmittableForm? {
        let rows: [PostgresRow]
        do {
            rows = try await pool.query(
                """
                SELECT f.id, f.interrogation_id, f.name, f.state, f.worker_id, f.worker_name, f.worker_owner_id,
                    f.kudos, GREATEST(g.expires_at, i.expires_at) AS expires_at
                FROM scheduler.interrogation_forms f
                JOIN scheduler.interrogations i ON i.id = f.interrogation_id
                JOIN gateway.interrogations g ON g.id = f.interrogation_id
                WHERE f.id = \(formId)
                """)
        } catch where error.isUndefinedTable {
            return nil
        }
        guard let row = rows.first else { return nil }
        return SubmittableForm(
            id: try row.decode("id", as: UUID.self), interrogationId: try row.decode("interrogation_id", as: UUID.self),
            name: try row.decode("name", as: String.self), state: try row.decode("state", as: String.self),
            workerId: try row.decode("worker_id", as: UUID?.self),
            workerName: try row.decode("worker_name", as: String?.self) ?? "",
            workerOwnerId: try row.decode("worker_owner_id", as: Int?.self),
            kudos: try row.decode("kudos", as: Double.self), expiresAt: try row.decode("expires_at", as: Date.self))
    }

    /// Stores a delivered form and tells the scheduler, in one step from the worker's point of view (through
    /// `gateway.outbox`, as `queue`). The form-id primary key makes a second delivery a `DuplicateGen`.
    func deliver(_ form: SubmittableForm, workerId: UUID, outcome: JobOutcome, result: String, now: Date = Date())
        async throws
    {
        let submitted = InterrogationFormSubmitted(
            formId: form.id, interrogationId: form.interrogationId, workerId: workerId, outcome: outcome,
            submittedAt: now)
        let event = try OutboxEvent(
            Topics.interrogations, key: form.interrogationId.apiString, InterrogationCommand.submitted(submitted),
            eventId: outcome == .faulted ? UUID() : form.id, at: now)
        try await pool.withTransaction { connection in
            if outcome != .faulted {
                let inserted = try await connection.execute(
                    """
                    INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, state,
                        result, content_type, created_at, expires_at)
                    VALUES (\(form.id), \(form.interrogationId), 'interrogation', \(workerId), \(form.workerName),
                        \(form.name), \(outcome.rawValue), \(result), 'application/json', \(now), \(form.expiresAt))
                    ON CONFLICT (job_id) DO NOTHING
                    """)
                guard inserted == 1 else {
                    throw HordeError(.duplicateGen, "Interrogation form has already been submitted.")
                }
            }
            try await OutboxRelay.table.insert([event], connection)
        }
        outbox.send([event])
    }
}
