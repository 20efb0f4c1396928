import Foundation
import Messages

/// Computes the API statuses from the stored state (pure, so every rule is unit-tested).
enum StatusBuilder {
    /// Scheduler states after which nothing changes any more.
    static let finalStates: Set<String> = ["done", "faulted", "cancelled"]

    /// The counters and flags, and whether they are final; nil when the request expired (gone, as in the
    /// reference, where expired requests are deleted).
    static func check(_ inputs: StatusInputs, now: Date) -> (status: RequestStatusCheck, final: Bool)? {
        if inputs.scheduler?.state == "expired" || expiry(inputs) <= now { return nil }
        let jobs = inputs.jobs
        let finished = jobs.done
        let processing = jobs.processing
        let restarted = jobs.faulted + jobs.timedOut
        // Before the scheduler has seen the request, every job is waiting.
        let reportedWaiting = inputs.scheduler?.nWaiting ?? inputs.n
        let waiting = max(0, min(reportedWaiting, inputs.n - processing - finished))
        let state = inputs.scheduler?.state ?? "waiting"
        let done = finalStates.contains(state)
        let status = RequestStatusCheck(
            finished: finished, processing: processing, restarted: restarted, waiting: done ? 0 : waiting, done: done,
            faulted: state == "faulted", waitTime: 0, queuePosition: 0,
            kudos: jobs.doneCost.rounded(.toNearestOrEven), isPossible: true)
        return (status, done)
    }

    /// When the request expires: its own expiry, or the scheduler's when that is later (pops and settlements
    /// extend it).
    static func expiry(_ inputs: StatusInputs) -> Date {
        max(inputs.expiresAt, inputs.scheduler?.expiresAt ?? inputs.expiresAt)
    }

    /// Whether a worker that could serve the request was seen recently: some model the request accepts (any
    /// model of its kind when it names none) has workers in the scheduler's snapshot.
    static func isPossible(models: [String], kind: RequestKind, snapshot: QueueSnapshot) -> Bool {
        snapshot.models.contains { model in
            model.kind == kind.rawValue && model.workers > 0 && (models.isEmpty || models.contains(model.name))
        }
    }

    /// An image generation entry.
    static func image(_ generation: StoredGeneration) -> GenerationStable {
        GenerationStable(
            img: generation.result, seed: generation.seed, workerId: generation.workerId.apiString,
            workerName: generation.workerName, model: generation.model, id: generation.jobId.apiString,
            censored: generation.state != "ok", genMetadata: generation.genMetadata, state: generation.state)
    }

    /// A text generation entry; a seed that is not an integer reads as 0, as the schema's default.
    static func text(_ generation: StoredGeneration) -> GenerationKobold {
        GenerationKobold(
            text: generation.result, seed: Int(generation.seed) ?? 0, workerId: generation.workerId.apiString,
            workerName: generation.workerName, model: generation.model, id: generation.jobId.apiString,
            state: generation.state, genMetadata: generation.genMetadata)
    }
}
