import Foundation
import Messages

/// The events a settled job produces, rebuilt identically from the rows whenever the submission is replayed.
struct SettlementEvents: Sendable {
    /// The settled job's row.
    let job: JobRow
    /// Its request's row.
    let request: RequestSnapshot

    /// `jobCompleted` (delivered) or `jobFailed` (the worker reported a fault), with its deterministic id.
    var jobEvent: (id: UUID, event: RequestEvent) {
        if job.state == "faulted" {
            let failed = JobFailed(
                jobId: job.id, requestId: job.requestId, kind: job.kind, workerId: job.workerId, reason: .faulted,
                failedAt: job.finishedAt ?? job.startedAt)
            return (SchedulerEventIDs.jobFailed(job.id), .jobFailed(failed))
        }
        let finishedAt = job.finishedAt ?? job.startedAt
        let completed = JobCompleted(
            jobId: job.id, requestId: job.requestId, kind: job.kind, requesterId: request.request.userId,
            workerId: job.workerId, workerName: job.workerName, workerOwnerId: job.workerOwnerId, model: job.model,
            outcome: job.outcome ?? .ok, cost: job.cost ?? 0, reward: job.reward ?? 0,
            rewardBeforeBridge: job.rewardBeforeBridge ?? 0, things: job.things ?? 0, seed: job.seed,
            webhook: request.request.webhook, completedAt: finishedAt,
            seconds: max(0, finishedAt.timeIntervalSince(job.startedAt)), requestDone: job.finishedRequest)
        return (SchedulerEventIDs.jobCompleted(job.id), .jobCompleted(completed))
    }

    /// `finished`, when this job's settlement finished the request.
    var finished: RequestFinished? { job.finishedRequest ? request.finishedEvent : nil }
}
