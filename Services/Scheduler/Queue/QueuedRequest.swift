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

    /// The request's place in queue order (fixed: priority and creation time never change).
    let key: QueueKey

    /// A state of `request` read at `version`.
    init(request: RequestCreated, waiting: Int, version: Int64) {
        self.request = request
        self.waiting = waiting
        self.version = version
        key = QueueKey(priority: request.priority, createdAt: request.createdAt, id: request.requestId)
    }

    /// The request id.
    var id: UUID { request.requestId }
}
