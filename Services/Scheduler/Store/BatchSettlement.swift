import Domain
import Foundation
import Messages

/// A batch of submissions settled in memory against the rows read under the requests' locks, exactly as
/// `SubmissionSettler` settles them one after another: the same checks, prices, fault counting and finishing, a
/// job submitted twice in the batch a replay the second time. What changed is then written with one statement
/// for the jobs and one for the requests.
struct BatchSettlement {
    /// A locked request and its jobs still in flight.
    struct LockedRequest {
        /// Its current state (the version included).
        var snapshot: RequestSnapshot
        /// Its jobs in `processing`.
        var inFlight: Int
    }

    /// The fault that faults a whole request.
    let faultLimit: Int
    /// The settlement time.
    let now: Date
    /// The batch's jobs as they stand, settled ones included.
    private(set) var jobs: [UUID: JobRow]
    /// The batch's requests as they stand.
    private(set) var requests: [UUID: LockedRequest]
    /// The jobs settled now, in settling order.
    private(set) var settledJobs: [UUID] = []
    /// The requests settled jobs changed, in first-change order.
    private(set) var changedRequests: [UUID] = []
    private var seenRequests = Set<UUID>()

    /// A fold over `jobs` and their locked `requests`.
    init(jobs: [JobRow], requests: [LockedRequest], faultLimit: Int, now: Date) {
        self.jobs = Dictionary(jobs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.requests = Dictionary(
            requests.map { ($0.snapshot.request.requestId, $0) }, uniquingKeysWith: { first, _ in first })
        self.faultLimit = faultLimit
        self.now = now
    }

    /// Settles one submission (see `SubmissionSettler.settle`).
    mutating func settle(_ submission: JobSubmitted) -> SettleOutcome {
        guard var job = jobs[submission.jobId], var locked = requests[job.requestId] else {
            return .ignored(.unknownJob)
        }
        guard job.workerId == submission.workerId else { return .ignored(.wrongWorker) }
        guard job.state == "processing" else {
            guard job.state == "done" || job.state == "faulted" else { return .ignored(.notProcessing) }
            return .settled(SettlementEvents(job: job, request: locked.snapshot), replay: true)
        }
        var request = locked.snapshot
        let settlement = JobSettlement.settle(
            request: request.request, model: job.model, bridgeAgent: job.bridgeAgent,
            ownerTrusted: job.workerOwnerTrusted, outcome: submission.outcome, tokens: submission.tokens)
        job.state = submission.outcome == .faulted ? "faulted" : "done"
        job.outcome = submission.outcome
        job.finishedAt = now
        job.cost = settlement.cost
        job.reward = settlement.reward
        job.rewardBeforeBridge = settlement.rewardBeforeBridge
        job.things = settlement.things
        job.seed = job.seed ?? submission.seed.flatMap { $0.isEmpty ? nil : $0 }
        locked.inFlight -= 1

        var finishedNow = false
        if submission.outcome == .faulted {
            request.faults += 1
            if request.state == "waiting" {
                if request.faults >= faultLimit {
                    request.state = "faulted"
                    request.waiting = 0
                    finishedNow = true
                } else if request.cancelledAt == nil {
                    request.waiting += 1
                }
            }
        }
        if request.state == "waiting", request.waiting == 0, locked.inFlight == 0 {
            request.state = request.cancelledAt == nil ? "done" : "cancelled"
            finishedNow = true
        }
        if finishedNow {
            request.finishedAt = now
            job.finishedRequest = true
        }
        request.version += 1
        locked.snapshot = request
        // Settled once: a second submission of the job finds it no longer processing.
        settledJobs.append(job.id)
        if seenRequests.insert(job.requestId).inserted { changedRequests.append(job.requestId) }
        jobs[job.id] = job
        requests[job.requestId] = locked
        return .settled(SettlementEvents(job: job, request: request), replay: false)
    }
}
