/// `ModelGenerationInputStable`: the `params` of an image request, with the server's parser defaults applied
/// (which differ from the swagger defaults in places: `cfg_scale` 5.0, `karras` true, 20 steps with ControlNet).
///
/// Optional fields without a server default stay nil when absent, so the payload a worker receives carries only
/// what the client sent plus the defaults the reference adds.
package struct ModelGenerationInputStable: Codable, Sendable, Equatable {
    /// Sampler name. Default: `k_euler_a`.
    package var samplerName: String
    /// Classifier-free guidance, 0–100, at most 2 decimals. Default: 5.0.
    package var cfgScale: Double
    /// img2img strength, 0.01–1.
    package var denoisingStrength: Double?
    /// hires-fix strength, 0.01–1.
    package var hiresFixDenoisingStrength: Double?
    /// Pixels, 64–3072, a multiple of 64. Default: 512.
    package var height: Int
    /// Pixels, 64–3072, a multiple of 64. Default: 512.
    package var width: Int
    /// Post-processors in the order they run (unique names).
    package var postProcessing: [String]?
    /// Karras noise schedule. Default: true.
    package var karras: Bool
    /// Seamless tiling.
    package var tiling: Bool?
    /// Two-pass generation.
    package var hiresFix: Bool?
    /// CLIP layers to skip, 1–12.
    package var clipSkip: Int?
    /// Face fixer strength, 0–1.
    package var facefixerStrength: Double?
    /// LoRas (at most 5).
    package var loras: [ModelPayloadLorasStable]?
    /// Textual inversions (at most 20).
    package var tis: [ModelPayloadTextualInversionsStable]?
    /// Special payload for special models (an object).
    package var special: JSONValue?
    /// Engine workflow (`qr_code`).
    package var workflow: String?
    /// Layer-diffuse transparency.
    package var transparent: Bool?
    /// Seed as sent: text or digits (numbers are accepted and kept as their decimal text).
    package var seed: String?
    /// Seed increment per image, 1–1000.
    package var seedVariation: Int?
    /// ControlNet type.
    package var controlType: String?
    /// The source image is already a control map.
    package var imageIsControl: Bool?
    /// Return the control map instead of an image.
    package var returnControlMap: Bool?
    /// Texts for workflows.
    package var extraTexts: [ExtraText]?
    /// Steps, 1–500. Default: 30, or 20 with ControlNet (where more than 40 is silently capped at 40).
    package var steps: Int
    /// Images to generate, 1–20. Default: 1.
    package var n: Int

    /// The parameters of a request that sent no `params`.
    package init() {
        samplerName = "k_euler_a"
        cfgScale = 5.0
        height = 512
        width = 512
        karras = true
        steps = 30
        n = 1
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case samplerName = "sampler_name"
        case cfgScale = "cfg_scale"
        case denoisingStrength = "denoising_strength"
        case hiresFixDenoisingStrength = "hires_fix_denoising_strength"
        case height, width
        case postProcessing = "post_processing"
        case karras, tiling
        case hiresFix = "hires_fix"
        case clipSkip = "clip_skip"
        case facefixerStrength = "facefixer_strength"
        case loras, tis, special, workflow, transparent, seed
        case seedVariation = "seed_variation"
        case controlType = "control_type"
        case imageIsControl = "image_is_control"
        case returnControlMap = "return_control_map"
        case extraTexts = "extra_texts"
        case steps, n
    }

    /// Decodes with the parser defaults.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        samplerName = try c.decodeIfPresent(String.self, forKey: .samplerName) ?? "k_euler_a"
        cfgScale = try c.decodeIfPresent(Double.self, forKey: .cfgScale) ?? 5.0
        denoisingStrength = try c.decodeIfPresent(Double.self, forKey: .denoisingStrength)
        hiresFixDenoisingStrength = try c.decodeIfPresent(Double.self, forKey: .hiresFixDenoisingStrength)
        height = try c.decodeIntegerIfPresent(forKey: .height) ?? 512
        width = try c.decodeIntegerIfPresent(forKey: .width) ?? 512
        postProcessing = try c.decodeIfPresent([String].self, forKey: .postProcessing)
        karras = try c.decodeIfPresent(Bool.self, forKey: .karras) ?? true
        tiling = try c.decodeIfPresent(Bool.self, forKey: .tiling)
        hiresFix = try c.decodeIfPresent(Bool.self, forKey: .hiresFix)
        clipSkip = try c.decodeIntegerIfPresent(forKey: .clipSkip)
        facefixerStrength = try c.decodeIfPresent(Double.self, forKey: .facefixerStrength)
        loras = try c.decodeIfPresent([ModelPayloadLorasStable].self, forKey: .loras)
        tis = try c.decodeIfPresent([ModelPayloadTextualInversionsStable].self, forKey: .tis)
        special = try c.decodeIfPresent(JSONValue.self, forKey: .special)
        if let special, special.objectValue == nil {
            throw DecodingError.typeMismatch(
                JSONValue.self, .init(codingPath: c.codingPath + [CodingKeys.special], debugDescription: "Expected an object"))
        }
        workflow = try c.decodeIfPresent(String.self, forKey: .workflow)
        transparent = try c.decodeIfPresent(Bool.self, forKey: .transparent)
        seed = try c.decodeStringOrNumberIfPresent(forKey: .seed)
        seedVariation = try c.decodeIntegerIfPresent(forKey: .seedVariation)
        controlType = try c.decodeIfPresent(String.self, forKey: .controlType)
        imageIsControl = try c.decodeIfPresent(Bool.self, forKey: .imageIsControl)
        returnControlMap = try c.decodeIfPresent(Bool.self, forKey: .returnControlMap)
        extraTexts = try c.decodeIfPresent([ExtraText].self, forKey: .extraTexts)
        n = try c.decodeIntegerIfPresent(forKey: .n) ?? 1
        let hasControlNet = !(controlType ?? "").isEmpty
        if let sent = try c.decodeIntegerIfPresent(forKey: .steps) {
            steps = hasControlNet ? min(sent, 40) : sent
        } else {
            steps = hasControlNet ? 20 : 30
        }
    }

    /// The samplers the API accepts.
    package static let samplers: Set<String> = [
        "k_lms", "k_heun", "k_euler", "k_euler_a", "k_dpm_2", "k_dpm_2_a", "k_dpm_fast", "k_dpm_adaptive",
        "k_dpmpp_2s_a", "k_dpmpp_2m", "dpmsolver", "k_dpmpp_sde", "DDIM", "lcm",
    ]

    /// The ControlNet types the API accepts.
    package static let controlTypes: Set<String> = [
        "canny", "hed", "depth", "normal", "openpose", "seg", "scribble", "fakescribbles", "hough",
    ]

    /// Face fixers and background removal (no upscaling).
    package static let facePostProcessors: Set<String> = [
        "GFPGAN", "GFPGANv1.3", "CodeFormers", "RestoreFormer", "strip_background",
    ]

    /// Upscalers (a request may name at most one).
    package static let upscalers: Set<String> = [
        "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
        "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2",
        "2xModernSpanimationV1",
    ]
}
