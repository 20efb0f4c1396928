import Domain
import Foundation

/// The deterministic ids of everything the scheduler creates or emits: a replayed command produces the same ids,
/// so duplicate jobs are impossible and duplicate events are recognised downstream.
enum SchedulerEventIDs {
    /// The `i`-th job handed out by pop `popId`.
    static func job(pop popId: UUID, index: Int) -> UUID {
        DeterministicID.make("job", popId.uuidString.lowercased(), String(index))
    }

    /// Every job id pop `popId` could have created (a pop takes at most `JobBatching.maxAmount`).
    static func possibleJobs(pop popId: UUID) -> [UUID] {
        (0..<JobBatching.maxAmount).map { job(pop: popId, index: $0) }
    }

    /// The `queued` event of a request.
    static func queued(_ requestId: UUID) -> UUID { DeterministicID.make("request-queued", requestId) }
    /// The reply to a pop.
    static func popReply(_ popId: UUID) -> UUID { DeterministicID.make("pop-reply", popId) }
    /// The `jobsStarted` event of a pop.
    static func jobsStarted(_ popId: UUID) -> UUID { DeterministicID.make("jobs-started", popId) }
    /// The job id itself, as the ledger and notifier expect.
    static func jobCompleted(_ jobId: UUID) -> UUID { jobId }
    /// The `jobFailed` event of a job.
    static func jobFailed(_ jobId: UUID) -> UUID { DeterministicID.make("job-failed", jobId) }
    /// The `finished` event of a request (it has one final state).
    static func finished(_ requestId: UUID) -> UUID { DeterministicID.make("request-finished", requestId) }
}
