/// `WorkerDetails`: a worker as `GET /v2/workers/{id}` shows it. Privileged fields are nil, and left out, unless
/// the caller owns the worker or is a moderator; kind-specific fields are nil for the other kinds.
package struct WorkerDetails: Codable, Sendable, Equatable {
    /// `image`, `text` or `interrogation`.
    package var type: String
    /// The worker's name.
    package var name: String
    /// The worker's id.
    package var id: String
    /// Checked in within the last 5 minutes.
    package var online: Bool
    /// Jobs delivered.
    package var requestsFulfilled: Int
    /// Kudos earned in total.
    package var kudosRewards: Double
    /// Kudos by source.
    package var kudosDetails: WorkerKudosDetails
    /// Average speed in human-readable form.
    package var performance: String
    /// Parallel jobs.
    package var threads: Int
    /// Seconds online.
    package var uptime: Int
    /// Takes no new requests.
    package var maintenanceMode: Bool
    /// (Privileged) Gets no new requests.
    package var paused: Bool?
    /// The owner's notes about the worker.
    package var info: String?
    /// Takes NSFW requests.
    package var nsfw: Bool
    /// `alias#id` of the owner (privileged, or public when the owner allows it).
    package var owner: String?
    /// (Privileged) Last known IP.
    package var ipaddr: String?
    /// (Moderators) The owner's contact details.
    package var contact: String?
    /// The owner is trusted.
    package var trusted: Bool
    /// The owner is flagged.
    package var flagged: Bool
    /// (Privileged) Accumulated suspicion.
    package var suspicious: Int?
    /// Jobs started and never delivered.
    package var uncompletedJobs: Int
    /// Jobs the worker let time out within the last hour (since its last abort penalty). Not in the swagger, so
    /// optional for documents from other hordes.
    package var abortedJobs: Int?
    /// Models served.
    package var models: [String]?
    /// Alchemy forms served.
    package var forms: [String]?
    /// The worker's team.
    package var team: TeamDetailsLite
    /// `name:version:url`.
    package var bridgeAgent: String
    /// Image workers: largest width × height.
    package var maxPixels: Int?
    /// Image workers: megapixelsteps generated.
    package var megapixelstepsGenerated: Double?
    /// Image workers: takes img2img.
    package var img2img: Bool?
    /// Image workers: takes inpainting.
    package var painting: Bool?
    /// Image workers: takes post-processing.
    package var postProcessing: Bool?
    /// Image workers: takes LoRas.
    package var lora: Bool?
    /// Image workers: takes ControlNet.
    package var controlnet: Bool?
    /// Image workers: takes SDXL ControlNet.
    package var sdxlControlnet: Bool?
    /// Text workers: most tokens generated.
    package var maxLength: Int?
    /// Text workers: most context tokens read.
    package var maxContextLength: Int?
    /// Text workers: tokens generated.
    package var tokensGenerated: Double?
    /// Messages for the owner.
    package var messages: [JSONValue]

    /// A worker view with no kind-specific or privileged fields set.
    package init(
        type: String, name: String, id: String, online: Bool, bridgeAgent: String, threads: Int, nsfw: Bool,
        trusted: Bool, flagged: Bool, maintenanceMode: Bool, kudosRewards: Double, requestsFulfilled: Int = 0,
        uptime: Int = 0, performance: String = "", info: String? = nil, models: [String]? = nil
    ) {
        self.type = type
        self.name = name
        self.id = id
        self.online = online
        self.requestsFulfilled = requestsFulfilled
        self.kudosRewards = kudosRewards
        self.kudosDetails = WorkerKudosDetails(generated: kudosRewards, uptime: 0)
        self.performance = performance
        self.threads = threads
        self.uptime = uptime
        self.maintenanceMode = maintenanceMode
        self.info = info
        self.nsfw = nsfw
        self.trusted = trusted
        self.flagged = flagged
        self.uncompletedJobs = 0
        self.models = models
        self.team = TeamDetailsLite()
        self.bridgeAgent = bridgeAgent
        self.messages = []
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case type, name, id, online
        case requestsFulfilled = "requests_fulfilled"
        case kudosRewards = "kudos_rewards"
        case kudosDetails = "kudos_details"
        case performance, threads, uptime
        case maintenanceMode = "maintenance_mode"
        case paused, info, nsfw, owner, ipaddr, contact, trusted, flagged, suspicious
        case uncompletedJobs = "uncompleted_jobs"
        case abortedJobs = "aborted_jobs"
        case models, forms, team
        case bridgeAgent = "bridge_agent"
        case maxPixels = "max_pixels"
        case megapixelstepsGenerated = "megapixelsteps_generated"
        case img2img, painting
        case postProcessing = "post-processing"
        case lora, controlnet
        case sdxlControlnet = "sdxl_controlnet"
        case maxLength = "max_length"
        case maxContextLength = "max_context_length"
        case tokensGenerated = "tokens_generated"
        case messages
    }
}

/// `WorkerKudosDetails`: a worker's kudos by source.
package struct WorkerKudosDetails: Codable, Sendable, Equatable {
    /// Kudos for generations.
    package var generated: Double
    /// Kudos for uptime.
    package var uptime: Int

    /// Kudos by source.
    package init(generated: Double, uptime: Int) {
        self.generated = generated
        self.uptime = uptime
    }
}

/// `TeamDetailsLite`: a worker's team; both fields are written as `null` when the worker has none.
package struct TeamDetailsLite: Codable, Sendable, Equatable {
    /// The team's name.
    package var name: String?
    /// The team's id.
    package var id: String?

    /// A team reference (none by default).
    package init(name: String? = nil, id: String? = nil) {
        self.name = name
        self.id = id
    }

    private enum CodingKeys: String, CodingKey { case name, id }

    /// Writes both fields, `null` when unset, as the reference does.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(id, forKey: .id)
    }
}
