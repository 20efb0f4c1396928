import Foundation
import Messages

/// One webhook delivery: one delivered job of a request that named a webhook. Its id is the job id, so a
/// redelivered `jobCompleted` event finds the delivery already recorded.
struct Delivery: Sendable, Equatable {
    /// Where a delivery stands.
    enum State: String, Sendable, Equatable {
        /// Recorded; attempts remain.
        case pending
        /// A receiver answered with a status below 400.
        case delivered
        /// Every attempt failed, or the generation is gone.
        case failed
        /// The URL may not be called (scheme or address rules); never attempted.
        case refused
    }

    var id: UUID
    var requestId: UUID
    var kind: RequestKind
    var url: String
    /// The job's reward before the bridge factor, reported as `kudos`.
    var kudos: Double
    var state: State
    /// Attempts already made (and recorded).
    var attempts: Int
    var lastStatus: Int?

    init(
        id: UUID, requestId: UUID, kind: RequestKind, url: String, kudos: Double, state: State = .pending,
        attempts: Int = 0, lastStatus: Int? = nil
    ) {
        self.id = id
        self.requestId = requestId
        self.kind = kind
        self.url = url
        self.kudos = kudos
        self.state = state
        self.attempts = attempts
        self.lastStatus = lastStatus
    }

    /// The delivery a completed job calls for, if any: a webhook was given and the job delivered something.
    init?(completed job: JobCompleted) {
        guard let url = job.webhook, !url.isEmpty, job.outcome != .faulted else { return nil }
        self.init(id: job.jobId, requestId: job.requestId, kind: job.kind, url: url, kudos: job.rewardBeforeBridge)
    }
}

/// One recorded try at sending a webhook.
struct DeliveryAttempt: Sendable, Equatable {
    var number: Int
    /// The receiver's status, or nil when no response arrived.
    var status: Int?
    /// Why the attempt failed without a response (timeout, refused, DNS), or the status line for 4xx/5xx.
    var error: String?
    var duration: Duration

    var succeeded: Bool { status.map { $0 < 400 } ?? false }
}
