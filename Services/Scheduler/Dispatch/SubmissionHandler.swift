import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Settles the submissions topic's messages, a batch at a time: each job once; a replayed submission re-emits the
/// same events with the same ids and changes nothing.
struct SubmissionHandler: Sendable {
    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// The queue in Postgres.
    let store: SchedulerStore
    /// Answers pops, including parked ones a change wakes.
    let dispatcher: PopDispatcher
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// This service's settings.
    let config: SchedulerConfig
    /// Where commands come from and events go.
    let topics: SchedulerTopics
    /// Counters and gauges for `/metrics`.
    let metrics: SchedulerMetrics
    /// Where this component logs.
    let logger: Logger

    /// Handles submissions the consumer had ready together: one transaction settles them all (falling back to one
    /// transaction each when the batch fails, so one bad submission cannot hold up the others), then their events
    /// go out together — the jobs' first, the requests' `finished` after, acknowledgements awaited per round —
    /// and only then does the index learn of the changes. Returns after every event was acknowledged, so the
    /// caller stores the offsets only once the effects are committed and announced.
    func handle(batch envelopes: [Envelope<SubmissionMessage>]) async throws {
        let submissions = envelopes.map { envelope in
            switch envelope.payload {
            case .submitted(let submission): submission
            }
        }
        guard !submissions.isEmpty else { return }
        let now = Date()
        let extendedExpiry = now.addingTimeInterval(config.expiryExtension.seconds)
        var outcomes: [SettleOutcome]
        do {
            outcomes = try await store.settle(
                batch: submissions, faultLimit: config.faultLimit, extendedExpiry: extendedExpiry, now: now)
        } catch {
            if submissions.count > 1 {
                logger.notice("settling a batch failed; settling one by one", ["error": "\(error)"])
            }
            outcomes = []
            for submission in submissions {
                outcomes.append(try await settleAlone(submission, extendedExpiry: extendedExpiry, now: now))
            }
        }
        var eventsByRequest: [UUID: [SettlementEvents]] = [:]
        var requestOrder: [UUID] = []
        for (submission, outcome) in zip(submissions, outcomes) {
            switch outcome {
            case .ignored(let reason):
                metrics.submissionsIgnored.increment()
                logger.notice(
                    "submission ignored",
                    [
                        "horde.job.id": submission.jobId.uuidString, "worker.id": submission.workerId.uuidString,
                        "reason": reason.rawValue,
                    ])
            case .settled(let events, let replay):
                (replay ? metrics.settlementsReplayed : metrics.settled).increment()
                if !replay, let things = events.job.things, let finishedAt = events.job.finishedAt {
                    await dispatcher.activity.delivered(
                        by: events.job.workerId, things: things,
                        seconds: finishedAt.timeIntervalSince(events.job.startedAt))
                }
                let requestId = events.job.requestId
                if eventsByRequest[requestId] == nil { requestOrder.append(requestId) }
                eventsByRequest[requestId, default: []].append(events)
            }
        }
        // Two rounds: every job event, then the `finished` events, so a request's finish never lands before
        // the settlement of its last job.
        let settled = requestOrder.flatMap { eventsByRequest[$0] ?? [] }
        try await publisher.publish(all: try settled.map { try jobEvent($0, now: now) })
        try await publisher.publish(all: try settled.compactMap(finishedEvent))
        for requestId in requestOrder {
            // The last settlement of a request in the batch holds its newest state.
            guard let latest = eventsByRequest[requestId]?.last else { continue }
            let parked = await queue.apply(latest.request.queued)
            if !parked.isEmpty { await dispatcher.serveParked(parked) }
        }
        metrics.waitingRequests.set(await queue.count(.image) + queue.count(.text))
    }

    /// Settles one submission in its own transaction; a submission Postgres refuses is ignored.
    private func settleAlone(_ submission: JobSubmitted, extendedExpiry: Date, now: Date) async throws
        -> SettleOutcome
    {
        do {
            return try await store.settle(
                submission, faultLimit: config.faultLimit, extendedExpiry: extendedExpiry, now: now)
        } catch let error as PostgresError where error.isPermanentDataError {
            return .ignored(.notStorable)
        }
    }

    /// The settled job's event (`jobCompleted` or `jobFailed`), keyed by its request.
    private func jobEvent(_ events: SettlementEvents, now: Date) throws -> OutboxEvent {
        let (id, event) = events.jobEvent
        return try OutboxEvent(
            topic: topics.requestEvents, key: events.job.requestId.uuidString.lowercased(),
            Envelope(id: id, occurredAt: events.job.finishedAt ?? now, payload: event))
    }

    /// The request's `finished` event, when this settlement finished it.
    private func finishedEvent(_ events: SettlementEvents) throws -> OutboxEvent? {
        guard let finished = events.finished else { return nil }
        return try OutboxEvent(
            topic: topics.requestEvents, key: events.job.requestId.uuidString.lowercased(),
            Envelope(
                id: SchedulerEventIDs.finished(events.job.requestId), occurredAt: finished.finishedAt,
                payload: RequestEvent.finished(finished)))
    }
}
