import Foundation
import Messages

/// A request's row as of one transaction: enough to update the index and build events.
struct RequestSnapshot: Sendable {
    /// The request as the gateway sent it.
    var request: RequestCreated
    /// `waiting`, `done`, `faulted`, `cancelled` or `expired`.
    var state: String
    /// Jobs still to hand out.
    var waiting: Int
    /// Faulted and timed-out jobs so far.
    var faults: Int
    /// The row version (bumped by every change).
    var version: Int64
    /// When it was cancelled, if it was.
    var cancelledAt: Date?
    /// When it reached its final state.
    var finishedAt: Date?
    /// The requests-topic partition it arrived on (nil for rows older than partition ownership).
    var partition: Int? = nil

    /// The index's view: jobs to hand out only while the request is waiting.
    var queued: QueuedRequest {
        QueuedRequest(
            request: request, waiting: state == "waiting" ? waiting : 0, version: version, partition: partition)
    }

    /// The final state, once there is one.
    var finalState: RequestFinished.State? { RequestFinished.State(rawValue: state) }

    /// The `finished` event for a request in a final state.
    var finishedEvent: RequestFinished? {
        guard let finalState else { return nil }
        return RequestFinished(
            requestId: request.requestId, kind: request.kind, requesterId: request.userId, state: finalState,
            finishedAt: finishedAt ?? Date())
    }
}
