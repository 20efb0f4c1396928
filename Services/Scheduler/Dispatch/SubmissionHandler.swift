import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Consumes the submissions topic: settles each job once; a replayed submission re-emits the same events with the
/// same ids and changes nothing.
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

    /// Handles one submission.
    func handle(_ envelope: Envelope<SubmissionMessage>) async throws {
        switch envelope.payload {
        case .submitted(let submission): try await settle(submission)
        }
    }

    private func settle(_ submission: JobSubmitted) async throws {
        let now = Date()
        let outcome: SettleOutcome
        do {
            outcome = try await store.settle(
                submission, faultLimit: config.faultLimit,
                extendedExpiry: now.addingTimeInterval(config.expiryExtension.seconds), now: now)
        } catch let error as PostgresError where error.isPermanentDataError {
            outcome = .ignored(.notStorable)
        }
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
                    by: events.job.workerId, things: things, seconds: finishedAt.timeIntervalSince(events.job.startedAt))
            }
            let key = events.job.requestId.uuidString.lowercased()
            let (id, event) = events.jobEvent
            try await publisher.publish(
                event, to: topics.requestEvents, key: key, eventId: id, at: events.job.finishedAt ?? now)
            if let finished = events.finished {
                try await publisher.publish(
                    RequestEvent.finished(finished), to: topics.requestEvents, key: key,
                    eventId: SchedulerEventIDs.finished(events.job.requestId), at: finished.finishedAt)
            }
            let parked = await queue.apply(events.request.queued)
            metrics.waitingRequests.set(await queue.count(.image) + queue.count(.text))
            if !parked.isEmpty { await dispatcher.serveParked(parked) }
        }
    }
}
