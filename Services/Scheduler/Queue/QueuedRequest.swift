import Foundation
import Messages

/// A request the index can hand out: what the gateway sent, how many jobs still wait, and the database row
/// version this state was read at.
struct QueuedRequest: Sendable, Equatable {
    /// The request as the gateway sent it.
    let request: RequestCreated
    /// Jobs still to hand out.
    var waiting: Int
    /// `scheduler.requests.version`: a state read at an older version never overwrites a newer one.
    var version: Int64
    /// The requests-topic partition it arrived on: the instance assigned that partition indexes it (nil: every
    /// instance does).
    var partition: Int?
    /// Workers that got a fake job of it while paused, as read when the queue is loaded from Postgres (the queue
    /// keeps them; later states leave this empty).
    var trickedWorkers: Set<UUID> = []

    /// The request's place in queue order (fixed: priority and creation time never change).
    let key: QueueKey

    /// A state of `request` read at `version`.
    init(request: RequestCreated, waiting: Int, version: Int64, partition: Int? = nil) {
        self.request = request
        self.waiting = waiting
        self.version = version
        self.partition = partition
        key = QueueKey(priority: request.priority, createdAt: request.createdAt, id: request.requestId)
    }

    /// The request id.
    var id: UUID { request.requestId }
}
