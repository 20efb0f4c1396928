import Foundation

/// Jobs of a request were handed to a worker.
package struct JobsStarted: Codable, Sendable, Equatable {
    package var requestId: UUID
    package var kind: RequestKind
    package var jobIds: [UUID]
    package var workerId: UUID
    package var workerName: String
    package var workerOwnerId: Int
    package var model: String
    package var startedAt: Date
    package var ttlSeconds: Int

    package init(
        requestId: UUID, kind: RequestKind, jobIds: [UUID], workerId: UUID, workerName: String, workerOwnerId: Int,
        model: String, startedAt: Date, ttlSeconds: Int
    ) {
        self.requestId = requestId
        self.kind = kind
        self.jobIds = jobIds
        self.workerId = workerId
        self.workerName = workerName
        self.workerOwnerId = workerOwnerId
        self.model = model
        self.startedAt = startedAt
        self.ttlSeconds = ttlSeconds
    }
}

/// A job was delivered and settled: the requester pays `cost`, the worker's owner earns `reward`.
package struct JobCompleted: Codable, Sendable, Equatable {
    package var jobId: UUID
    package var requestId: UUID
    package var kind: RequestKind
    package var requesterId: Int
    package var workerId: UUID
    package var workerName: String
    package var workerOwnerId: Int
    package var model: String
    package var outcome: JobOutcome
    /// Kudos charged to the requester for this job.
    package var cost: Double
    /// Kudos the worker earned (after the bridge factor); `kudos` in the API and webhook is `rewardBeforeBridge`.
    package var reward: Double
    package var rewardBeforeBridge: Double
    /// Pixelsteps or tokens generated.
    package var things: Double
    package var seed: String?
    package var webhook: String?
    package var completedAt: Date
    /// Seconds from pop to delivery (worker speed samples).
    package var seconds: Double
    /// True when this job finished the request (nothing waiting, nothing in flight).
    package var requestDone: Bool

    package init(
        jobId: UUID, requestId: UUID, kind: RequestKind, requesterId: Int, workerId: UUID, workerName: String,
        workerOwnerId: Int, model: String, outcome: JobOutcome, cost: Double, reward: Double,
        rewardBeforeBridge: Double, things: Double, seed: String?, webhook: String?, completedAt: Date,
        seconds: Double, requestDone: Bool
    ) {
        self.jobId = jobId
        self.requestId = requestId
        self.kind = kind
        self.requesterId = requesterId
        self.workerId = workerId
        self.workerName = workerName
        self.workerOwnerId = workerOwnerId
        self.model = model
        self.outcome = outcome
        self.cost = cost
        self.reward = reward
        self.rewardBeforeBridge = rewardBeforeBridge
        self.things = things
        self.seed = seed
        self.webhook = webhook
        self.completedAt = completedAt
        self.seconds = seconds
        self.requestDone = requestDone
    }
}

/// A job was given up (worker reported a fault, or its TTL ran out); its slot went back to the queue unless the
/// request faulted.
package struct JobFailed: Codable, Sendable, Equatable {
    package enum Reason: String, Codable, Sendable { case faulted, timedOut }
    package var jobId: UUID
    package var requestId: UUID
    package var kind: RequestKind
    package var workerId: UUID
    package var reason: Reason
    package var failedAt: Date

    package init(jobId: UUID, requestId: UUID, kind: RequestKind, workerId: UUID, reason: Reason, failedAt: Date) {
        self.jobId = jobId
        self.requestId = requestId
        self.kind = kind
        self.workerId = workerId
        self.reason = reason
        self.failedAt = failedAt
    }
}

/// A request reached a final state.
package struct RequestFinished: Codable, Sendable, Equatable {
    package enum State: String, Codable, Sendable { case done, faulted, cancelled, expired }
    package var requestId: UUID
    package var kind: RequestKind
    package var requesterId: Int
    package var state: State
    package var finishedAt: Date

    package init(requestId: UUID, kind: RequestKind, requesterId: Int, state: State, finishedAt: Date) {
        self.requestId = requestId
        self.kind = kind
        self.requesterId = requesterId
        self.state = state
        self.finishedAt = finishedAt
    }
}

/// Messages on `Topics.requestEvents`.
package enum RequestEvent: EnvelopePayload, Equatable {
    /// The scheduler queued the request.
    case queued(RequestCreated)
    case jobsStarted(JobsStarted)
    case jobCompleted(JobCompleted)
    case jobFailed(JobFailed)
    case finished(RequestFinished)

    package var requestId: UUID {
        switch self {
        case .queued(let value): value.requestId
        case .jobsStarted(let value): value.requestId
        case .jobCompleted(let value): value.requestId
        case .jobFailed(let value): value.requestId
        case .finished(let value): value.requestId
        }
    }

    package var messageType: String {
        switch self {
        case .queued: "request.queued"
        case .jobsStarted: "jobs.started"
        case .jobCompleted: "job.completed"
        case .jobFailed: "job.failed"
        case .finished: "request.finished"
        }
    }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .queued(let value): try Self.encodeValue(value, to: encoder)
        case .jobsStarted(let value): try Self.encodeValue(value, to: encoder)
        case .jobCompleted(let value): try Self.encodeValue(value, to: encoder)
        case .jobFailed(let value): try Self.encodeValue(value, to: encoder)
        case .finished(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        switch messageType {
        case "request.queued": self = .queued(try Self.decodeValue(RequestCreated.self, from: decoder))
        case "jobs.started": self = .jobsStarted(try Self.decodeValue(JobsStarted.self, from: decoder))
        case "job.completed": self = .jobCompleted(try Self.decodeValue(JobCompleted.self, from: decoder))
        case "job.failed": self = .jobFailed(try Self.decodeValue(JobFailed.self, from: decoder))
        case "request.finished": self = .finished(try Self.decodeValue(RequestFinished.self, from: decoder))
        default: throw WireError.unknownType(messageType)
        }
    }
}
