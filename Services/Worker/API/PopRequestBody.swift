/// The body of `POST /api/v2/generate/pop` (PopInputStable) and `/generate/text/pop` (PopInputKobold), with the
/// field names of the AI Horde API. Kind-specific fields are nil for the other kind and left out of the JSON.
struct PopRequestBody: Codable, Sendable, Equatable {
    var name: String
    var priorityUsernames: [String]
    var nsfw: Bool
    var models: [String]
    var bridgeAgent: String
    var threads: Int
    var requireUpfrontKudos: Bool
    var amount: Int
    var extraSlowWorker: Bool
    // Image workers.
    var maxPixels: Int?
    var blacklist: [String]?
    var allowImg2img: Bool?
    var allowPainting: Bool?
    var allowUnsafeIpaddr: Bool?
    var allowPostProcessing: Bool?
    var allowControlnet: Bool?
    var allowSdxlControlnet: Bool?
    var allowLora: Bool?
    var limitMaxSteps: Bool?
    // Text workers.
    var maxLength: Int?
    var maxContextLength: Int?
    var softprompts: [String]?

    enum CodingKeys: String, CodingKey {
        case name, nsfw, models, threads, amount, blacklist, softprompts
        case priorityUsernames = "priority_usernames"
        case bridgeAgent = "bridge_agent"
        case requireUpfrontKudos = "require_upfront_kudos"
        case extraSlowWorker = "extra_slow_worker"
        case maxPixels = "max_pixels"
        case allowImg2img = "allow_img2img"
        case allowPainting = "allow_painting"
        case allowUnsafeIpaddr = "allow_unsafe_ipaddr"
        case allowPostProcessing = "allow_post_processing"
        case allowControlnet = "allow_controlnet"
        case allowSdxlControlnet = "allow_sdxl_controlnet"
        case allowLora = "allow_lora"
        case limitMaxSteps = "limit_max_steps"
        case maxLength = "max_length"
        case maxContextLength = "max_context_length"
    }

    /// An image worker's pop. The CPU backend renders txt2img only, so img2img, painting, post-processing,
    /// ControlNet and LoRa are declined rather than faked.
    static func image(name: String, models: [String], bridgeAgent: String, nsfw: Bool, threads: Int, amount: Int, maxPixels: Int)
        -> PopRequestBody
    {
        PopRequestBody(
            name: name, priorityUsernames: [], nsfw: nsfw, models: models, bridgeAgent: bridgeAgent, threads: threads,
            requireUpfrontKudos: false, amount: amount, extraSlowWorker: false, maxPixels: maxPixels, blacklist: [],
            allowImg2img: false, allowPainting: false, allowUnsafeIpaddr: true, allowPostProcessing: false,
            allowControlnet: false, allowSdxlControlnet: false, allowLora: false, limitMaxSteps: false)
    }

    /// A text worker's pop.
    static func text(
        name: String, models: [String], bridgeAgent: String, nsfw: Bool, threads: Int, amount: Int, maxLength: Int,
        maxContextLength: Int
    ) -> PopRequestBody {
        PopRequestBody(
            name: name, priorityUsernames: [], nsfw: nsfw, models: models, bridgeAgent: bridgeAgent, threads: threads,
            requireUpfrontKudos: false, amount: amount, extraSlowWorker: false, maxLength: maxLength,
            maxContextLength: maxContextLength, softprompts: [])
    }
}
