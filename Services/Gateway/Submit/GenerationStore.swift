import Foundation
import Messages
import Postgres
import ServiceKit

/// Stores delivered generations in `gateway.generations` and tells the scheduler, in one step from the worker's
/// point of view: the submission goes into `gateway.outbox` in the same transaction, and is sent after COMMIT
/// without the worker waiting for the broker (`OutboxRelay`; after a crash, its sweep). The job-id primary key
/// makes a second delivery of the same job a `DuplicateGen`, whatever the scheduler has seen so far.
struct GenerationStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Sends the committed submission.
    let outbox: OutboxRelay

    /// Inserts the generation and `SubmissionMessage.submitted` (keyed by the request id, with the job id as the
    /// event id, so the scheduler settles the job once however often it arrives), then hands the event over.
    func store(_ plan: SubmissionPlan, job: JobRecord, now: Date = Date()) async throws {
        // A batched job's generation says where in the batch it was, unless the worker already did.
        var notes = plan.genMetadata
        if let batch = job.batchMetadata, !notes.contains(where: { $0.type == batch.type }) { notes.append(batch) }
        let metadata = String(decoding: try APICoding.encode(notes), as: UTF8.self)
        let submitted = JobSubmitted(
            jobId: job.id, requestId: job.requestId, workerId: job.workerId, outcome: plan.outcome,
            seed: plan.seed.isEmpty ? nil : plan.seed, tokens: plan.tokens, submittedAt: now)
        let event = try OutboxEvent(
            Topics.submissions, key: job.requestId.apiString, SubmissionMessage.submitted(submitted), eventId: job.id,
            at: now)
        // One statement, so one round trip and one implicit transaction: the generation, the worker's public record
        // and the outbox row are written together or not at all. The later inserts read `generation`, so a second
        // delivery of the job writes nothing.
        // In-cluster workers pop over Kafka, never through the gateway: their first submit creates their public
        // record so /workers/{id} knows them. Any unique conflict (id or name) means the record exists.
        let rows = try await pool.query(
            """
            WITH generation AS (
                INSERT INTO gateway.generations (job_id, request_id, kind, worker_id, worker_name, model, seed, state,
                    result, content_type, gen_metadata, created_at, expires_at)
                VALUES (\(job.id), \(job.requestId), \(job.kind.rawValue), \(job.workerId), \(job.workerName),
                    \(job.model), \(plan.seed), \(plan.outcome.rawValue), \(plan.result), \(plan.contentType),
                    \(PostgresJSON(metadata)), \(now), \(job.requestExpiresAt))
                ON CONFLICT (job_id) DO NOTHING
                RETURNING job_id
            ), worker AS (
                INSERT INTO gateway.workers (id, name, owner_id, kind, bridge_agent, models)
                SELECT \(job.workerId), \(job.workerName), \(job.workerOwnerId), \(job.kind.rawValue),
                    \(job.bridgeAgent), \([job.model]) FROM generation
                ON CONFLICT DO NOTHING
            ), outbox AS (
                INSERT INTO \(unsafeSQL: OutboxRelay.table.name) (event_id, topic, key, envelope)
                SELECT \(event.id), \(event.topic), \(event.key), \(event.envelope) FROM generation
                ON CONFLICT (event_id) DO NOTHING
            )
            SELECT count(*)::int AS stored FROM generation
            """)
        guard try rows.first?.decode("stored", as: Int.self) == 1 else {
            throw HordeError(.duplicateGen, "Processing Generation has already been submitted.")
        }
        outbox.send([event])
    }
}
