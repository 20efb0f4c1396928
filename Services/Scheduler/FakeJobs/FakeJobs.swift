import Domain
import Foundation
import HordeCore
import Messages

/// Paused workers' fake jobs (HORDE_RULES 3.5): a paused worker matched with a request that is not its owner's gets
/// the request's payload under job ids of its own, while the request keeps its waiting count and nothing is written
/// to `scheduler.jobs`, settled or paid. The worker is remembered as tricked for that request and never matches it
/// again. Nothing is announced either: to everyone but the worker, the fake job does not exist.
struct FakeJobs: Sendable {
    /// The dispatcher whose pop is being served.
    let dispatcher: PopDispatcher

    /// Fake jobs served through `dispatcher`.
    init(_ dispatcher: PopDispatcher) { self.dispatcher = dispatcher }

    /// The id of the `index`-th fake job of pop `popId` (deterministic, never one a real claim could create).
    static func jobId(pop popId: UUID, index: Int) -> UUID {
        DeterministicID.make("fake-job", popId.uuidString.lowercased(), String(index))
    }

    /// What became of a pop `claim` took over.
    enum Outcome: Sendable {
        /// The worker got a fake job: this reply (already published for a topic-routed pop).
        case answered(PopReply)
        /// The worker was tricked with this request meanwhile (another of its pops): try the next candidate.
        case passedOver
    }

    /// Serves `pop` a fake job of `candidate` when its worker is paused and the request is someone else's; nil when
    /// the claim is a real one.
    func claim(_ candidate: QueuedRequest, for pop: PopRequest, skipped: SkippedCounts, route: PopReplyRoute)
        async throws -> Outcome?
    {
        let request = candidate.request
        let worker = pop.worker
        guard worker.paused, request.userId != worker.ownerId, request.kind != .interrogation else { return nil }
        guard await dispatcher.queue.trick(request.requestId, worker: worker.workerId) else { return .passedOver }
        let model = PopMatching.chooseModel(request: request, worker: worker)
        let wanted = JobBatching.jobCount(
            kind: request.kind, amount: worker.amount,
            safeAmount: PopDispatcher.safeAmount(request: request, worker: worker, model: model),
            waiting: JobBatching.maxAmount, disableBatching: request.disableBatching)
        let count = max(1, min(wanted, candidate.waiting))
        let ttl = max(1, request.jobTTLSeconds) * (worker.extraSlow ? 3 : 1)
        let jobIds = (0..<count).map { Self.jobId(pop: pop.popId, index: $0) }
        let seed: String? =
            request.kind == .image
            ? String(SeedRules.popSeed(payload: request.payload, waiting: candidate.waiting)) : nil
        let now = Date()
        try await FakeJobStore(pool: dispatcher.store.pool).insert(
            jobIds: jobIds, popId: pop.popId, request: request, worker: worker, model: model, at: now)
        let assignment = PopDispatcher.assignment(
            request: request, jobIds: jobIds, seed: seed, model: model, ttlSeconds: ttl)
        let reply = PopReply(
            popId: pop.popId, replyTo: pop.replyTo, workerId: worker.workerId, assignment: assignment,
            skipped: skipped.wire(kind: worker.kind))
        if route == .topic {
            try await dispatcher.publisher.publish(
                pop.replyTopic, key: pop.replyTo,
                Envelope(
                    id: SchedulerEventIDs.popReply(pop.popId), occurredAt: now, payload: PopReplyMessage.reply(reply)))
        }
        dispatcher.metrics.popsServed.increment()
        dispatcher.logger.info(
            "paused worker given a fake job",
            ["pop.id": pop.popId.uuidString, "request.id": request.requestId.uuidString,
             "worker.id": worker.workerId.uuidString])
        return .answered(reply)
    }
}
