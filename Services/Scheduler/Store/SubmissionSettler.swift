import Domain
import Foundation
import Messages
import Postgres

/// Settles one submitted job inside a transaction: marks the job done (or faulted) only if it is still being
/// processed by the submitting worker, prices it, and moves the request on (slot back and fault count for a
/// faulted job, the request finished when nothing waits or is in flight).
///
/// Locks are taken request first, then job — the same order as pops and the sweep — so these transactions
/// cannot deadlock each other.
struct SubmissionSettler {
    /// The transaction's connection.
    let connection: PostgresConnection
    /// The fault that faults a whole request.
    let faultLimit: Int
    /// The expiry a settled request is kept alive to, at least.
    let extendedExpiry: Date
    /// The settlement time.
    let now: Date

    /// Settles `submission` (see the type's summary).
    func settle(_ submission: JobSubmitted) async throws -> SettleOutcome {
        // The job and its request in one read, the request locked (the job is read, not locked: its update below
        // only applies while it is still processing).
        let read = try await connection.query(
            """
            SELECT \(unsafeSQL: JobRow.columns(of: "j")), \(unsafeSQL: Self.lockedRequestColumns)
            FROM scheduler.jobs j JOIN scheduler.requests r ON r.id = j.request_id
            WHERE j.id = \(submission.jobId)
            FOR UPDATE OF r
            """)
        guard let jobAndRequest = read.first else { return .ignored(.unknownJob) }
        let job = try JobRow(row: jobAndRequest)
        guard job.workerId == submission.workerId else { return .ignored(.wrongWorker) }
        let request = try SchedulerStore.snapshot(jobAndRequest, prefix: Self.requestPrefix)

        let settlement = JobSettlement.settle(
            request: request.request, model: job.model, bridgeAgent: job.bridgeAgent,
            ownerTrusted: job.workerOwnerTrusted, outcome: submission.outcome, tokens: submission.tokens)
        let jobState = submission.outcome == .faulted ? "faulted" : "done"
        let updated = try await connection.query(
            """
            UPDATE scheduler.jobs
            SET state = \(jobState), outcome = \(submission.outcome.rawValue), finished_at = \(now),
                cost = \(settlement.cost), reward = \(settlement.reward),
                reward_before_bridge = \(settlement.rewardBeforeBridge), things = \(settlement.things),
                seed = COALESCE(seed, \(submission.seed))
            WHERE id = \(job.id) AND state = 'processing' AND worker_id = \(submission.workerId)
            RETURNING \(unsafeSQL: JobRow.columns)
            """)
        guard let settledRow = updated.first else {
            // Not processing any more. Under the request lock the job can't change, so this read is final.
            guard let current = try await readJob(job.id) else { return .ignored(.unknownJob) }
            guard current.state == "done" || current.state == "faulted" else { return .ignored(.notProcessing) }
            return .settled(SettlementEvents(job: current, request: request), replay: true)
        }
        var settled = try JobRow(row: settledRow)

        var state = request.state
        var waiting = request.waiting
        var faults = request.faults
        var finishedNow = false
        if submission.outcome == .faulted {
            faults += 1
            if state == "waiting" {
                if faults >= faultLimit {
                    state = "faulted"
                    waiting = 0
                    finishedNow = true
                } else if request.cancelledAt == nil {
                    waiting += 1
                }
            }
        }
        if state == "waiting", waiting == 0, try await SchedulerStore.inFlight(job.requestId, connection) == 0 {
            state = request.cancelledAt == nil ? "done" : "cancelled"
            finishedNow = true
        }
        let finishedAt: Date? = finishedNow ? now : request.finishedAt
        // The row is locked, so only the version is news; the request's JSON is not decoded a second time.
        let rows = try await connection.query(
            """
            UPDATE scheduler.requests
            SET state = \(state), n_waiting = \(waiting), faults = \(faults), version = version + 1,
                finished_at = \(finishedAt), expires_at = GREATEST(expires_at, \(extendedExpiry))
            WHERE id = \(job.requestId)
            RETURNING version
            """)
        guard let row = rows.first else { return .ignored(.unknownJob) }
        var after = request
        after.state = state
        after.waiting = waiting
        after.faults = faults
        after.finishedAt = finishedAt
        after.version = try row.decode("version", as: Int64.self)
        if finishedNow {
            try await connection.execute("UPDATE scheduler.jobs SET finished_request = true WHERE id = \(job.id)")
            settled.finishedRequest = true
        }
        return .settled(SettlementEvents(job: settled, request: after), replay: false)
    }

    /// The request columns of the settlement's read, named with `requestPrefix` apart from the job's.
    private static let requestPrefix = "r_"
    private static let lockedRequestColumns = SchedulerStore.requestColumnNames
        .map { "r.\($0) AS \(requestPrefix)\($0)" }.joined(separator: ", ")

    private func readJob(_ id: UUID) async throws -> JobRow? {
        let rows = try await connection.query(
            "SELECT \(unsafeSQL: JobRow.columns) FROM scheduler.jobs WHERE id = \(id)")
        return try rows.first.map(JobRow.init(row:))
    }
}

/// How a submission was handled.
enum SettleOutcome: Sendable {
    /// Settled now, or already settled earlier (`replay`): either way these events are (re-)emitted.
    case settled(SettlementEvents, replay: Bool)
    /// Nothing changed, for this reason.
    case ignored(SettleIgnoredReason)
}

/// Why a submission changed nothing.
enum SettleIgnoredReason: String, Sendable {
    /// No such job.
    case unknownJob = "unknown_job"
    /// Submitted by a worker the job was not handed to.
    case wrongWorker = "wrong_worker"
    /// Timed out (or its request expired) before the submission arrived.
    case notProcessing = "not_processing"
    /// Carried values Postgres refuses (a NUL in the seed…).
    case notStorable = "not_storable"
}
