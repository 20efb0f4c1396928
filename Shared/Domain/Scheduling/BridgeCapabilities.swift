/// What a worker's software can do, read from its `bridge_agent` (HORDE_RULES 3.7): a worker has every capability
/// listed at or below its major version, and a sampler set per karras mode.
package struct BridgeCapabilities: Sendable, Equatable {
    /// Feature names (`img2img`, `lora`, `post-processing`, a post-processor's name…).
    package var features: Set<String>
    /// Samplers accepted for karras requests.
    package var karrasSamplers: Set<String>
    /// Samplers accepted only for non-karras requests (on top of the karras set).
    package var nonKarrasOnlySamplers: Set<String>

    /// The capabilities of `bridgeAgent` (`name:version:url`).
    package init(bridgeAgent: String) {
        self.init(BridgeAgent(bridgeAgent))
    }

    /// The capabilities of a parsed bridge agent.
    package init(_ agent: BridgeAgent) {
        let version = agent.majorVersion
        func upTo(_ table: [(Int, [String])]) -> Set<String> {
            Set(table.filter { $0.0 <= version }.flatMap(\.1))
        }
        switch agent.name {
        case Self.regen:
            features = upTo(Self.regenFeatures)
            karrasSamplers = upTo(Self.regenSamplers)
            nonKarrasOnlySamplers = []
        case Self.legacy:
            features = upTo(Self.legacyFeatures)
            karrasSamplers = upTo(Self.legacySamplers)
            nonKarrasOnlySamplers = version >= 17 ? ["DDIM"] : []
        case Self.webUI:
            features = upTo(Self.webUIFeatures)
            karrasSamplers = version >= 1 ? Self.classicSamplers.subtracting(["dpmsolver", "DDIM"]) : []
            nonKarrasOnlySamplers = version >= 1 ? ["DDIM", "plms"] : []
        case Self.autoWeb:
            features = upTo([(1, ["painting", "img2img", "karras"]), (2, ["tiling"])])
            karrasSamplers = version >= 1 ? ["k_lms", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a", "k_dpmpp_2m", "dpmsolver"] : []
            nonKarrasOnlySamplers =
                version >= 1 ? ["k_heun", "k_euler", "k_euler_a", "k_dpm_fast", "k_dpm_adaptive"] : []
        case Self.inCluster:
            // This deployment's own worker follows the newest reGen contract.
            features = Set(Self.regenFeatures.flatMap(\.1))
            karrasSamplers = Set(Self.regenSamplers.flatMap(\.1))
            nonKarrasOnlySamplers = []
        default:
            // Unknown software: no features, and the samplers of the legacy worker at v23.
            features = []
            karrasSamplers = Self.classicSamplers.subtracting(["DDIM"])
            nonKarrasOnlySamplers = ["DDIM"]
        }
    }

    /// True when the bridge has `feature`.
    package func has(_ feature: String) -> Bool { features.contains(feature) }

    /// True when the bridge can run `sampler` for a request with this karras flag.
    package func supports(sampler: String, karras: Bool) -> Bool {
        karrasSamplers.contains(sampler) || (!karras && nonKarrasOnlySamplers.contains(sampler))
    }

    /// The reGen worker's name.
    package static let regen = "AI Horde Worker reGen"
    /// The legacy worker's name.
    package static let legacy = "AI Horde Worker"
    /// The A1111 extension's name.
    package static let webUI = "SD-WebUI Stable Horde Worker Bridge"
    /// The automatic web bridge's name.
    package static let autoWeb = "HordeAutoWebBridge"
    /// This deployment's in-cluster worker.
    package static let inCluster = "horde-worker"

    /// The 13 samplers every current bridge knows.
    package static let classicSamplers: Set<String> = [
        "k_lms", "k_heun", "k_euler", "k_euler_a", "k_dpm_2", "k_dpm_2_a", "k_dpm_fast", "k_dpm_adaptive",
        "k_dpmpp_2s_a", "k_dpmpp_2m", "k_dpmpp_sde", "dpmsolver", "DDIM",
    ]

    /// reGen worker features by the major version that brought them.
    static let regenFeatures: [(Int, [String])] = [
        (
            1,
            [
                "img2img", "inpainting", "karras", "post-processing", "GFPGAN", "CodeFormers", "strip_background",
                "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
                "r2", "r2_source", "clip_skip", "controlnet", "image_is_control", "return_control_map", "hires_fix",
                "tiling",
            ]
        ),
        (2, ["lora", "textual_inversion"]),
        (3, ["lora_versions"]),
        (5, ["extra_source_images"]),
        (6, ["stable_cascade_2pass"]),
        (7, ["qr_code", "extra_texts", "workflow"]),
        (8, ["layer_diffuse"]),
        (9, ["flux"]),
        (
            13,
            [
                "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample",
                "4xNomos2_hq_dat2", "2xModernSpanimationV1", "GFPGANv1.3", "RestoreFormer",
            ]
        ),
    ]

    /// reGen worker samplers by version (v1 knows none).
    static let regenSamplers: [(Int, [String])] = [(2, Array(classicSamplers)), (3, ["lcm"])]

    /// Legacy worker features by the major version that brought them.
    static let legacyFeatures: [(Int, [String])] = [
        (3, ["img2img"]), (4, ["inpainting"]), (6, ["karras"]),
        (7, ["post-processing", "GFPGAN", "RealESRGAN_x4plus"]), (8, ["r2"]), (9, ["CodeFormers"]),
        (13, ["hires_fix", "clip_skip"]), (14, ["r2_source"]), (15, ["controlnet"]),
        (18, ["strip_background", "return_control_map", "RealESRGAN_x4plus_anime_6B"]),
        (19, ["NMKD_Siax", "4x_AnimeSharp"]), (21, ["RealESRGAN_x2plus"]), (22, ["lora"]), (23, ["image_is_control"]),
        (24, ["textual_inversion"]),
    ]

    /// Legacy worker samplers by version (DDIM for non-karras requests from v17 is added separately).
    static let legacySamplers: [(Int, [String])] = [
        (11, Array(classicSamplers.subtracting(["k_dpmpp_sde", "DDIM"]))), (12, ["k_dpmpp_sde"]),
    ]

    /// A1111 extension features by version.
    static let webUIFeatures: [(Int, [String])] = [
        (1, ["inpainting", "karras", "r2", "CodeFormers"]), (2, ["tiling"]), (3, ["r2_source"]), (4, ["clip_skip"]),
    ]
}
