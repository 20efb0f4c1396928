import Domain
import Foundation
import Messages

/// The request events of the alchemy queue (kind `interrogation`, one job per form) and their deterministic ids,
/// so a replayed command re-emits the same events and downstream consumers recognise them.
enum InterrogationEvents {
    /// Stands in for the worker of a form that never had one (not expected for settled forms).
    static let noWorker = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// The `jobsStarted` event of the forms one pop took from one interrogation.
    static func startedId(pop popId: UUID, interrogation: UUID) -> UUID {
        DeterministicID.make("interrogation-started", popId.uuidString.lowercased(), interrogation.uuidString.lowercased())
    }

    /// The `jobFailed` event of a form's `abort`-th abort.
    static func failedId(form formId: UUID, abort: Int) -> UUID {
        DeterministicID.make("form-failed", formId.uuidString.lowercased(), String(abort))
    }

    /// A settled form: the requester pays its cost, the alchemist's owner earns its price. `delivered` is false
    /// for a form settled by a cancellation (paid, but no result and no webhook).
    static func completed(_ form: FormRow, delivered: Bool, at date: Date, requestDone: Bool) -> RequestEvent {
        let request = form.interrogation
        let seconds = form.startedAt.map { max(0, date.timeIntervalSince($0)) } ?? 0
        return .jobCompleted(
            JobCompleted(
                jobId: form.id, requestId: request.interrogationId, kind: .interrogation, requesterId: request.userId,
                workerId: form.workerId ?? noWorker, workerName: form.workerName ?? "",
                workerOwnerId: form.workerOwnerId ?? 0, model: form.name, outcome: .ok, cost: form.cost,
                reward: form.kudos, rewardBeforeBridge: form.kudos, things: 1, seed: nil,
                webhook: delivered ? request.webhook : nil, completedAt: date, seconds: seconds,
                requestDone: requestDone))
    }

    /// A form given up by its alchemist or timed out.
    static func failed(_ form: FormRow, workerId: UUID, reason: JobFailed.Reason, at date: Date) -> RequestEvent {
        .jobFailed(
            JobFailed(
                jobId: form.id, requestId: form.interrogation.interrogationId, kind: .interrogation, workerId: workerId,
                reason: reason, failedAt: date))
    }

    /// The interrogation reached its final state.
    static func finished(_ request: InterrogationCreated, state: RequestFinished.State, at date: Date) -> RequestEvent {
        .finished(
            RequestFinished(
                requestId: request.interrogationId, kind: .interrogation, requesterId: request.userId, state: state,
                finishedAt: date))
    }
}
