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

    /// Handles a batch of commands in their order: each run of consecutive new requests is stored by one
    /// statement and announced together (`enqueue(_:)`); a cancel is applied on its own, after the requests
    /// before it. Idempotent, so a batch retried after a failure half-way changes nothing twice.
    func handle(batch: [BatchItem<RequestCommand>]) async throws {
        var created: [(RequestCreated, Int?)] = []
        for item in batch {
            switch item.envelope.payload {
            case .created(let request):
                created.append((request, item.partition))
            case .cancelled(let cancelled):
                try await enqueue(created)
                created = []
                try await cancel(cancelled)
            }
        }
        try await enqueue(created)
    }

    /// Stores several new requests in one statement (one that Postgres refuses sends the run back one request at a
    /// time, so only that one is refused), indexes them, announces them together and hands them to the parked pops
    /// that may take them. Returns once every `queued` event was acknowledged.
    private func enqueue(_ batch: [(RequestCreated, Int?)]) async throws {
        for (created, partition) in batch where !Self.hasValidJobCount(created) {
            try await enqueue(created, partition: partition)
        }
        let accepted = batch.filter { Self.hasValidJobCount($0.0) }
        guard accepted.count > 1 else {
            if let (created, partition) = accepted.first { try await enqueue(created, partition: partition) }
            return
        }
        let stored: [(snapshot: RequestSnapshot, inserted: Bool)]
        do {
            stored = try await store.insertRequests(accepted)
        } catch let error as PostgresError where error.isPermanentDataError {
            for (created, partition) in accepted { try await enqueue(created, partition: partition) }
            return
        }
        var parked: [ParkedPop] = []
        for (snapshot, inserted) in stored {
            if inserted { metrics.requestsQueued.increment() }
            parked += await queue.apply(snapshot.queued)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (snapshot, _) in stored {
                group.addTask { try await announce(snapshot) }
            }
            // Parked workers are answered while the announcements are on their way, not after them.
            if !parked.isEmpty { await dispatcher.serveParked(parked) }
            try await group.waitForAll()
        }
        metrics.waitingRequests.set(await queue.count(.image) + queue.count(.text))
    }

    /// False (and the request refused) when its job count is beyond what any producer of ours sends.
    private static func hasValidJobCount(_ created: RequestCreated) -> Bool {
        (1...maxJobs).contains(created.n)
    }

    /// Sends the request's `queued` event.
    private func announce(_ snapshot: RequestSnapshot) async throws {
        let request = snapshot.request
        try await publisher.publish(
            RequestEvent.queued(request), to: topics.requestEvents, key: request.requestId.uuidString.lowercased(),
            eventId: SchedulerEventIDs.queued(request.requestId), at: request.createdAt)
    }

    /// Stores the request (a redelivery finds it stored), announces it, indexes it and hands it to any parked pop
    /// that may take it.
    private func enqueue(_ created: RequestCreated, partition: Int?) async throws {
        guard Self.hasValidJobCount(created) else {
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
        async let announced: Void = announce(snapshot)
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
