import Foundation
import Messages

/// A request the index can hand out: what the gateway sent, how many jobs still wait, and the database row
/// version this state was read at.
struct QueuedRequest: Sendable, Equatable {
    var request: RequestCreated
    var waiting: Int
    /// `scheduler.requests.version`: a state read at an older version never overwrites a newer one.
    var version: Int64

    var id: UUID { request.requestId }
    var key: QueueKey { QueueKey(priority: request.priority, createdAt: request.createdAt, id: request.requestId) }
}
