import Foundation

/// What a worker declared about itself in a pop, as the scheduler's matching needs it.
package struct WorkerProfile: Codable, Sendable, Equatable {
    package var workerId: UUID
    package var name: String
    package var ownerId: Int
    package var ownerTrusted: Bool
    package var kind: RequestKind
    package var models: [String]
    /// `name:version:url`, used for capability checks and the reward factor.
    package var bridgeAgent: String
    package var nsfw: Bool
    /// Image workers: the largest width × height they take.
    package var maxPixels: Int
    /// Text workers: the longest generation and context they take.
    package var maxLength: Int
    package var maxContextLength: Int
    /// How many jobs of one request this pop takes at most (batching).
    package var amount: Int
    package var threads: Int
    package var allowImg2Img: Bool
    package var allowPainting: Bool
    package var allowPostProcessing: Bool
    package var allowControlNet: Bool
    package var allowLora: Bool
    package var blacklist: [String]
    /// Users whose requests go first on this worker (besides the owner).
    package var priorityUserIds: [Int]
    package var requireUpfrontKudos: Bool
    package var maintenance: Bool
    package var paused: Bool
    /// Measured speed: megapixelsteps/s (image) or tokens/s (text); nil until measured.
    package var speed: Double?
    package var extraSlow: Bool
    /// Image workers: takes SDXL ControlNet, QR-code and transparent jobs on SDXL models. Absent in older messages.
    package var allowSdxlControlNet: Bool?
    /// Takes requests from unsafe IPs.
    package var allowUnsafeIP: Bool?
    /// Image workers: refuses jobs with more steps than its models usually need.
    package var limitMaxSteps: Bool?
    /// Text workers: the soft prompts offered.
    package var softprompts: [String]?

    package init(
        workerId: UUID, name: String, ownerId: Int, ownerTrusted: Bool = false, kind: RequestKind,
        models: [String], bridgeAgent: String, nsfw: Bool = true, maxPixels: Int = 262_144, maxLength: Int = 512,
        maxContextLength: Int = 2048, amount: Int = 1, threads: Int = 1, allowImg2Img: Bool = true,
        allowPainting: Bool = true, allowPostProcessing: Bool = true, allowControlNet: Bool = false,
        allowLora: Bool = false, blacklist: [String] = [], priorityUserIds: [Int] = [],
        requireUpfrontKudos: Bool = false, maintenance: Bool = false, paused: Bool = false, speed: Double? = nil,
        extraSlow: Bool = false, allowSdxlControlNet: Bool? = nil, allowUnsafeIP: Bool? = nil,
        limitMaxSteps: Bool? = nil, softprompts: [String]? = nil
    ) {
        self.workerId = workerId
        self.name = name
        self.ownerId = ownerId
        self.ownerTrusted = ownerTrusted
        self.kind = kind
        self.models = models
        self.bridgeAgent = bridgeAgent
        self.nsfw = nsfw
        self.maxPixels = maxPixels
        self.maxLength = maxLength
        self.maxContextLength = maxContextLength
        self.amount = amount
        self.threads = threads
        self.allowImg2Img = allowImg2Img
        self.allowPainting = allowPainting
        self.allowPostProcessing = allowPostProcessing
        self.allowControlNet = allowControlNet
        self.allowLora = allowLora
        self.blacklist = blacklist
        self.priorityUserIds = priorityUserIds
        self.requireUpfrontKudos = requireUpfrontKudos
        self.maintenance = maintenance
        self.paused = paused
        self.speed = speed
        self.extraSlow = extraSlow
        self.allowSdxlControlNet = allowSdxlControlNet
        self.allowUnsafeIP = allowUnsafeIP
        self.limitMaxSteps = limitMaxSteps
        self.softprompts = softprompts
    }
}

/// A worker asks for work. The reply goes to `replyTopic`, keyed and addressed by `replyTo`.
package struct PopRequest: Codable, Sendable, Equatable {
    package var popId: UUID
    package var worker: WorkerProfile
    /// `Topics.popReplies.name` for the gateway, `Topics.workerJobs.name` for in-cluster workers.
    package var replyTopic: String
    /// The gateway instance id, or the in-cluster worker's id; receivers ignore replies addressed to others.
    package var replyTo: String
    /// How long the scheduler may hold the pop open waiting for a matching request (0 = answer at once).
    package var waitMilliseconds: Int
    /// The asker gives up at this time; a pop still unanswered then is dropped, and no job is handed out for it.
    package var deadline: Date

    package init(
        popId: UUID = UUID(), worker: WorkerProfile, replyTopic: String, replyTo: String, waitMilliseconds: Int = 0,
        deadline: Date
    ) {
        self.popId = popId
        self.worker = worker
        self.replyTopic = replyTopic
        self.replyTo = replyTo
        self.waitMilliseconds = waitMilliseconds
        self.deadline = deadline
    }
}

/// Jobs handed to one worker in one pop: one or more jobs (a batch) of a single request.
package struct JobAssignment: Codable, Sendable, Equatable {
    package var requestId: UUID
    package var kind: RequestKind
    /// One id per image/text in the batch; the first is the pop's `id`.
    package var jobIds: [UUID]
    package var model: String
    /// The payload for the worker, with per-pop fields (seed, n_iter / n) filled in.
    package var payload: JSONValue
    /// Seconds the worker has before the jobs are restarted elsewhere.
    package var ttlSeconds: Int
    /// The request's `source_processing` when it has source images (stored by the gateway, not carried here);
    /// nil tells the gateway there is nothing to look up.
    package var sourceProcessing: String?

    package init(
        requestId: UUID, kind: RequestKind, jobIds: [UUID], model: String, payload: JSONValue, ttlSeconds: Int,
        sourceProcessing: String? = nil
    ) {
        self.requestId = requestId
        self.kind = kind
        self.jobIds = jobIds
        self.model = model
        self.payload = payload
        self.ttlSeconds = ttlSeconds
        self.sourceProcessing = sourceProcessing
    }
}

/// The scheduler's answer to a pop: an assignment, or why nothing matched.
package struct PopReply: Codable, Sendable, Equatable {
    package var popId: UUID
    package var replyTo: String
    package var workerId: UUID
    package var assignment: JobAssignment?
    /// Reasons requests were skipped (the API's `skipped` object), counted per reason.
    package var skipped: [String: Int]

    package init(popId: UUID, replyTo: String, workerId: UUID, assignment: JobAssignment?, skipped: [String: Int] = [:]) {
        self.popId = popId
        self.replyTo = replyTo
        self.workerId = workerId
        self.assignment = assignment
        self.skipped = skipped
    }
}

/// Messages on `Topics.pops`.
package enum PopCommand: EnvelopePayload, Equatable {
    case pop(PopRequest)

    package var messageType: String { "worker.pop" }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .pop(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        guard messageType == "worker.pop" else { throw WireError.unknownType(messageType) }
        self = .pop(try Self.decodeValue(PopRequest.self, from: decoder))
    }
}

/// Messages on `Topics.popReplies` and `Topics.workerJobs`.
package enum PopReplyMessage: EnvelopePayload, Equatable {
    case reply(PopReply)

    package var messageType: String { "worker.pop-reply" }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .reply(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        guard messageType == "worker.pop-reply" else { throw WireError.unknownType(messageType) }
        self = .reply(try Self.decodeValue(PopReply.self, from: decoder))
    }
}
