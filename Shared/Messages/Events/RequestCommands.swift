import Foundation

/// Everything the scheduler needs to queue, match and price a request, fixed when the gateway accepted it.
package struct RequestCreated: Codable, Sendable, Equatable {
    package var requestId: UUID
    package var kind: RequestKind
    /// The requesting user.
    package var userId: Int
    /// Queue priority at activation (the requester's kudos, per the rules); higher goes first.
    package var priority: Double
    /// Requested models; empty means any model the worker serves.
    package var models: [String]
    /// Number of jobs (images or texts).
    package var n: Int
    /// What workers receive as `payload` (parameters plus prompt), before per-pop fields like seed and n_iter.
    package var payload: JSONValue
    /// Price of one job before requester multipliers and tax (the rules' per-job base), and what the worker earns.
    package var kudosPerJob: Double
    /// What the requester is charged per delivered job (base with multipliers, plus the per-job horde tax).
    package var costPerJob: Double
    /// Pixelsteps (image) or tokens (text) per job.
    package var thingsPerJob: Double
    /// Image width × height (0 for text), matched against the worker's max_pixels.
    package var pixels: Int
    /// Text: requested max_length / max_context_length (0 for images).
    package var maxLength: Int
    package var maxContextLength: Int
    package var nsfw: Bool
    package var trustedWorkers: Bool
    package var slowWorkers: Bool
    package var extraSlowWorkers: Bool
    /// Worker ids the request is limited to (or excluded from, when `workerBlacklist`).
    package var workers: [UUID]
    package var workerBlacklist: Bool
    package var disableBatching: Bool
    /// Seconds a worker has to deliver one job of this request.
    package var jobTTLSeconds: Int
    package var webhook: String?
    package var createdAt: Date
    package var expiresAt: Date
    /// Image: `img2img`, `inpainting`, `outpainting` or `remix` when the request carries a source image; nil when
    /// it carries none. Absent in older messages.
    package var sourceProcessing: String?
    /// Image: how many extra source images (remix) the request carries.
    package var extraSourceImages: Int?
    /// The request came from an IP judged unsafe: only workers accepting unsafe IPs take it.
    package var unsafeIP: Bool?
    /// The requester is trusted (or a patron): passes `require_upfront_kudos` and unsafe-IP worker checks.
    package var requesterTrusted: Bool?
    /// The requester's kudos above its balance floor when the request was accepted (`require_upfront_kudos`).
    package var requesterKudos: Double?
    /// Image: results are uploaded to R2, which needs the bridge's `r2` capability.
    package var r2: Bool?
    /// Text: only validated backends may take the request.
    package var validatedBackends: Bool?

    package init(
        requestId: UUID, kind: RequestKind, userId: Int, priority: Double, models: [String], n: Int,
        payload: JSONValue, kudosPerJob: Double, costPerJob: Double, thingsPerJob: Double, pixels: Int = 0,
        maxLength: Int = 0, maxContextLength: Int = 0, nsfw: Bool = false, trustedWorkers: Bool = false,
        slowWorkers: Bool = true, extraSlowWorkers: Bool = false, workers: [UUID] = [], workerBlacklist: Bool = false,
        disableBatching: Bool = false, jobTTLSeconds: Int, webhook: String? = nil, createdAt: Date, expiresAt: Date,
        sourceProcessing: String? = nil, extraSourceImages: Int? = nil, unsafeIP: Bool? = nil,
        requesterTrusted: Bool? = nil, requesterKudos: Double? = nil, r2: Bool? = nil, validatedBackends: Bool? = nil
    ) {
        self.requestId = requestId
        self.kind = kind
        self.userId = userId
        self.priority = priority
        self.models = models
        self.n = n
        self.payload = payload
        self.kudosPerJob = kudosPerJob
        self.costPerJob = costPerJob
        self.thingsPerJob = thingsPerJob
        self.pixels = pixels
        self.maxLength = maxLength
        self.maxContextLength = maxContextLength
        self.nsfw = nsfw
        self.trustedWorkers = trustedWorkers
        self.slowWorkers = slowWorkers
        self.extraSlowWorkers = extraSlowWorkers
        self.workers = workers
        self.workerBlacklist = workerBlacklist
        self.disableBatching = disableBatching
        self.jobTTLSeconds = jobTTLSeconds
        self.webhook = webhook
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.sourceProcessing = sourceProcessing
        self.extraSourceImages = extraSourceImages
        self.unsafeIP = unsafeIP
        self.requesterTrusted = requesterTrusted
        self.requesterKudos = requesterKudos
        self.r2 = r2
        self.validatedBackends = validatedBackends
    }
}

/// The requester (or anyone holding the id) cancelled: no more jobs are handed out; jobs in flight still land.
package struct RequestCancelled: Codable, Sendable, Equatable {
    package var requestId: UUID
    package var kind: RequestKind
    package var cancelledAt: Date

    package init(requestId: UUID, kind: RequestKind, cancelledAt: Date) {
        self.requestId = requestId
        self.kind = kind
        self.cancelledAt = cancelledAt
    }
}

/// Messages on `Topics.requests`.
package enum RequestCommand: EnvelopePayload, Equatable {
    case created(RequestCreated)
    case cancelled(RequestCancelled)

    package var requestId: UUID {
        switch self {
        case .created(let value): value.requestId
        case .cancelled(let value): value.requestId
        }
    }

    package var messageType: String {
        switch self {
        case .created: "request.created"
        case .cancelled: "request.cancelled"
        }
    }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .created(let value): try Self.encodeValue(value, to: encoder)
        case .cancelled(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        switch messageType {
        case "request.created": self = .created(try Self.decodeValue(RequestCreated.self, from: decoder))
        case "request.cancelled": self = .cancelled(try Self.decodeValue(RequestCancelled.self, from: decoder))
        default: throw WireError.unknownType(messageType)
        }
    }
}
