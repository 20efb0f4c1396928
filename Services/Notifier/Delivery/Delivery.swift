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
        /// The generation is gone, so there is nothing to send.
        case failed
        /// Every attempt failed: the dead-letter record, kept with its attempts for the operator.
        case dead
        /// The URL may not be called (scheme or address rules); never attempted.
        case refused
    }

    /// The job id (one delivery per delivered job).
    var id: UUID
    /// The request the job belongs to (the webhook payload's `request`).
    var requestId: UUID
    /// Image, text or interrogation, as the event named it.
    var kind: WebhookForm
    /// The webhook URL the requester gave.
    var url: String
    /// The job's reward before the bridge factor, reported as `kudos`.
    var kudos: Double
    /// Where the delivery stands.
    var state: State
    /// Attempts already made (and recorded).
    var attempts: Int
    /// The status of the last attempt that got a response.
    var lastStatus: Int?
    /// When the delivery was recorded.
    var createdAt: Date
    /// When this process last took the delivery's lease (inserted or claimed); nil when unknown.
    var leasedAt: ContinuousClock.Instant?
    /// The generation, when it was read together with the insert (small results only); nil means look it up.
    var generation: GenerationRecord?

    /// A delivery as recorded (defaults: pending, no attempts yet).
    init(
        id: UUID, requestId: UUID, kind: WebhookForm, url: String, kudos: Double, state: State = .pending,
        attempts: Int = 0, lastStatus: Int? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.requestId = requestId
        self.kind = kind
        self.url = url
        self.kudos = kudos
        self.state = state
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.createdAt = createdAt
    }

    /// The delivery a completed job calls for, if any: a webhook was given and the job delivered something.
    init?(completed job: JobCompleted) {
        guard let url = job.webhook, !url.isEmpty, job.outcome != .faulted else { return nil }
        self.init(id: job.jobId, requestId: job.requestId, kind: WebhookForm(job.kind), url: url, kudos: job.rewardBeforeBridge)
    }
}

/// One recorded try at sending a webhook.
struct DeliveryAttempt: Sendable, Equatable {
    /// 1 for the first attempt of the delivery.
    var number: Int
    /// The receiver's status, or nil when no response arrived.
    var status: Int?
    /// Why the attempt failed without a response (timeout, refused, DNS), or the status line for 4xx/5xx.
    var error: String?
    /// Time from sending to the response or failure.
    var duration: Duration

    /// A response below 400, as the reference counts success, except redirects: they are not followed (the
    /// target could be an inside address), so the payload did not reach its receiver.
    var succeeded: Bool { status.map { $0 < 300 } ?? false }
}
