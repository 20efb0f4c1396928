import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Consumes the requests topic: queues new requests (idempotent on the request id) and cancels requests.
struct RequestCommandHandler: Sendable {
    /// The most jobs one request may ask for (the API allows 20; anything far beyond is a broken producer).
    static let maxJobs = 1000

    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// The queue in Postgres.
    let store: SchedulerStore
    /// Answers pops, including parked ones a change wakes.
    let dispatcher: PopDispatcher
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// Where commands come from and events go.
    let topics: SchedulerTopics
    /// Counters and gauges for `/metrics`.
    let metrics: SchedulerMetrics
    /// Where this component logs.
    let logger: Logger

    /// Handles one command from the requests topic, which arrived on `partition`.
    func handle(_ envelope: Envelope<RequestCommand>, partition: Int? = nil) async throws {
        switch envelope.payload {
        case .created(let created): try await enqueue(created, partition: partition)
        case .cancelled(let cancelled): try await cancel(cancelled)
        }
    }

    /// Stores the request (a redelivery finds it stored), announces it, indexes it and hands it to any parked pop
    /// that may take it.
    private func enqueue(_ created: RequestCreated, partition: Int?) async throws {
        guard (1...Self.maxJobs).contains(created.n) else {
            metrics.requestsRejected.increment()
            logger.warning(
                "request refused: bad job count",
                ["horde.request.id": created.requestId.uuidString, "n": "\(created.n)"])
            return
        }
        let snapshot: RequestSnapshot
        let inserted: Bool
        do {
            (snapshot, inserted) = try await store.insertRequest(created, partition: partition)
        } catch let error as PostgresError where error.isPermanentDataError {
            try await refuse(created, error)
            return
        }
        if inserted { metrics.requestsQueued.increment() }
        let parked = await queue.apply(snapshot.queued)
        // A worker parked for this request is answered while `queued` is on its way, not after it.
        async let announced: Void = publisher.publish(
            RequestEvent.queued(snapshot.request), to: topics.requestEvents,
            key: created.requestId.uuidString.lowercased(),
            eventId: SchedulerEventIDs.queued(created.requestId), at: snapshot.request.createdAt)
        if !parked.isEmpty { await dispatcher.serveParked(parked) }
        try await announced
        metrics.waitingRequests.set(await queue.count(.image) + queue.count(.text))
    }

    /// A request Postgres can never store (its payload holds values it rejects): refused, and reported finished
    /// (faulted) so its status doesn't wait forever.
    private func refuse(_ created: RequestCreated, _ error: PostgresError) async throws {
        metrics.requestsRejected.increment()
        logger.warning(
            "request refused: not storable",
            ["horde.request.id": created.requestId.uuidString, "pg.sqlstate": error.sqlState ?? ""])
        let finished = RequestFinished(
            requestId: created.requestId, kind: created.kind, requesterId: created.userId, state: .faulted,
            finishedAt: created.createdAt)
        try await publisher.publish(
            RequestEvent.finished(finished), to: topics.requestEvents, key: created.requestId.uuidString.lowercased(),
            eventId: SchedulerEventIDs.finished(created.requestId), at: created.createdAt)
    }

    /// No more jobs are handed out; jobs in flight still land and are paid. `finished` is emitted when the request
    /// reached its final state (at once when nothing was in flight).
    private func cancel(_ cancelled: RequestCancelled) async throws {
        guard let snapshot = try await store.cancel(cancelled.requestId, at: cancelled.cancelledAt) else {
            logger.notice("cancel for an unknown request", ["horde.request.id": cancelled.requestId.uuidString])
            return
        }
        metrics.cancellations.increment()
        _ = await queue.apply(snapshot.queued)
        if let finished = snapshot.finishedEvent {
            try await publisher.publish(
                RequestEvent.finished(finished), to: topics.requestEvents,
                key: cancelled.requestId.uuidString.lowercased(),
                eventId: SchedulerEventIDs.finished(cancelled.requestId),
                at: finished.finishedAt)
        }
    }
}
