/// `PopInputStable`: an image worker's pop body (`POST /v2/generate/pop`), with the parser defaults (the
/// swagger claims true for every `allow_*` flag; the server defaults ControlNet, SDXL ControlNet and LoRa to false).
package struct PopInputStable: Decodable, Sendable, Equatable {
    /// The fields every worker kind sends.
    package var base: PopInput
    /// Largest width × height the worker generates. Default: 262,144.
    package var maxPixels: Int
    /// Words that make the worker skip a request (at most 200, each cut to 15 characters).
    package var blacklist: [String]
    /// Takes img2img. Default: true.
    package var allowImg2img: Bool
    /// Takes inpainting/outpainting. Default: true.
    package var allowPainting: Bool
    /// Takes requests from unsafe IPs. Default: true.
    package var allowUnsafeIpaddr: Bool
    /// Takes post-processing. Default: true.
    package var allowPostProcessing: Bool
    /// Takes ControlNet. Default: false.
    package var allowControlnet: Bool
    /// Takes SDXL ControlNet. Default: false.
    package var allowSdxlControlnet: Bool
    /// Takes LoRas. Default: false.
    package var allowLora: Bool
    /// Skips requests with more steps than the model's average. Default: false.
    package var limitMaxSteps: Bool

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case maxPixels = "max_pixels"
        case blacklist
        case allowImg2img = "allow_img2img"
        case allowPainting = "allow_painting"
        case allowUnsafeIpaddr = "allow_unsafe_ipaddr"
        case allowPostProcessing = "allow_post_processing"
        case allowControlnet = "allow_controlnet"
        case allowSdxlControlnet = "allow_sdxl_controlnet"
        case allowLora = "allow_lora"
        case limitMaxSteps = "limit_max_steps"
    }

    /// Decodes the common fields and the image fields with the parser defaults.
    package init(from decoder: any Decoder) throws {
        base = try PopInput(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        maxPixels = try c.decodeIntegerIfPresent(forKey: .maxPixels) ?? 262_144
        blacklist = try c.decodeIfPresent([String].self, forKey: .blacklist) ?? []
        allowImg2img = try c.decodeIfPresent(Bool.self, forKey: .allowImg2img) ?? true
        allowPainting = try c.decodeIfPresent(Bool.self, forKey: .allowPainting) ?? true
        allowUnsafeIpaddr = try c.decodeIfPresent(Bool.self, forKey: .allowUnsafeIpaddr) ?? true
        allowPostProcessing = try c.decodeIfPresent(Bool.self, forKey: .allowPostProcessing) ?? true
        allowControlnet = try c.decodeIfPresent(Bool.self, forKey: .allowControlnet) ?? false
        allowSdxlControlnet = try c.decodeIfPresent(Bool.self, forKey: .allowSdxlControlnet) ?? false
        allowLora = try c.decodeIfPresent(Bool.self, forKey: .allowLora) ?? false
        limitMaxSteps = try c.decodeIfPresent(Bool.self, forKey: .limitMaxSteps) ?? false
    }
}
