/// The body of `POST /api/v2/generate/pop` (PopInputStable) and `/generate/text/pop` (PopInputKobold), with the
/// field names of the AI Horde API. Kind-specific fields are nil for the other kind and left out of the JSON.
struct PopRequestBody: Codable, Sendable, Equatable {
    /// The worker's unique name.
    var name: String
    /// Users (`alias#id`) whose requests go first on this worker.
    var priorityUsernames: [String]
    /// Takes requests that allow NSFW output.
    var nsfw: Bool
    /// Models served.
    var models: [String]
    /// `name:version:url` of the worker software.
    var bridgeAgent: String
    /// Jobs run at once.
    var threads: Int
    /// Only takes requests whose requester has the kudos upfront.
    var requireUpfrontKudos: Bool
    /// Jobs of one request taken per pop at most.
    var amount: Int
    /// Marks a very slow worker.
    var extraSlowWorker: Bool
    // Image workers.
    /// Largest width × height taken.
    var maxPixels: Int?
    /// Words whose requests are skipped.
    var blacklist: [String]?
    /// Takes img2img requests.
    var allowImg2img: Bool?
    /// Takes inpainting and outpainting requests.
    var allowPainting: Bool?
    /// Takes requests from IPs the horde deems unsafe.
    var allowUnsafeIpaddr: Bool?
    /// Takes post-processing requests.
    var allowPostProcessing: Bool?
    /// Takes ControlNet requests.
    var allowControlnet: Bool?
    /// Takes SDXL ControlNet requests.
    var allowSdxlControlnet: Bool?
    /// Takes requests with LoRas.
    var allowLora: Bool?
    /// Skips requests with more steps than their models' average.
    var limitMaxSteps: Bool?
    // Text workers.
    /// Most tokens generated per text.
    var maxLength: Int?
    /// Largest context accepted.
    var maxContextLength: Int?
    /// Soft prompts available.
    var softprompts: [String]?

    /// The API's snake-case field names.
    private enum CodingKeys: String, CodingKey {
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

    /// An image worker's pop. Painting, post-processing and ControlNet are declined rather than faked; img2img
    /// and LoRa only when the image backends take them.
    static func image(
        name: String, models: [String], bridgeAgent: String, nsfw: Bool, threads: Int, amount: Int, maxPixels: Int,
        allowImg2img: Bool = false, allowLora: Bool = false
    ) -> PopRequestBody {
        PopRequestBody(
            name: name, priorityUsernames: [], nsfw: nsfw, models: models, bridgeAgent: bridgeAgent, threads: threads,
            requireUpfrontKudos: false, amount: amount, extraSlowWorker: false, maxPixels: maxPixels, blacklist: [],
            allowImg2img: allowImg2img, allowPainting: false, allowUnsafeIpaddr: true, allowPostProcessing: false,
            allowControlnet: false, allowSdxlControlnet: false, allowLora: allowLora, limitMaxSteps: false)
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
