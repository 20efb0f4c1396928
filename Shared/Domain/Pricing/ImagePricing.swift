import Foundation

/// What drives the price of one image job.
package struct ImageJobSpec: Sendable, Equatable {
    package var width: Int
    package var height: Int
    package var steps: Int
    package var sampler: String
    package var postProcessors: [String]
    package var controlNet: Bool
    package var returnControlMapOnly: Bool
    package var hasSourceImage: Bool
    package var loras: Int
    package var hasTextualInversions: Bool
    /// The baseline of the job's model (`stable_diffusion_xl`, `flux_1`, …); nil when unknown.
    package var baseline: String?
    package var hiresFix: Bool
    /// The QR-code ControlNet workflow (SDXL ×4 instead of ×2).
    package var qrCode: Bool

    /// A job of these parameters; the defaults are the reference's parser defaults.
    package init(
        width: Int = 512, height: Int = 512, steps: Int = 30, sampler: String = "k_euler_a",
        postProcessors: [String] = [], controlNet: Bool = false, returnControlMapOnly: Bool = false,
        hasSourceImage: Bool = false, loras: Int = 0, hasTextualInversions: Bool = false, baseline: String? = nil,
        hiresFix: Bool = false, qrCode: Bool = false
    ) {
        self.qrCode = qrCode
        self.width = width
        self.height = height
        self.steps = steps
        self.sampler = sampler
        self.postProcessors = postProcessors
        self.controlNet = controlNet
        self.returnControlMapOnly = returnControlMapOnly
        self.hasSourceImage = hasSourceImage
        self.loras = loras
        self.hasTextualInversions = hasTextualInversions
        self.baseline = baseline
        self.hiresFix = hiresFix
    }

    /// Steps as the worker really runs them: doubled for second-order samplers, 40 for k_dpm_adaptive.
    package var accurateSteps: Int {
        switch sampler {
        case "k_dpm_adaptive": 40
        case "k_heun", "k_dpm_2", "k_dpm_2_a", "k_dpmpp_2s_a", "k_dpmpp_sde": steps * 2
        default: steps
        }
    }

    /// Pixelsteps of one image (the rules' image "things").
    package var pixelSteps: Double { Double(width * height * accurateSteps) }
}

/// The image price rules (HORDE_RULES 4.1, 4.2), in the legacy-formula form.
package enum ImagePricing {
    /// Upscalers cost 5 % more to the requester; face fixers and background removal nothing extra.
    static let upscalers: Set<String> = [
        "RealESRGAN_x4plus", "RealESRGAN_x2plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp",
        "4xNomos8kSC", "4xLSDIRplus", "4xNomosWebPhoto_RealPLKSR", "4xNomos2_realplksr_dysample", "4xNomos2_hq_dat2",
        "2xModernSpanimationV1",
    ]

    /// The per-job base price (WP.kudos): legacy pixel-step formula over the accurate steps, post-processing and
    /// ControlNet factors, then LoRa and TI surcharges. 512×512×30 = 6.5; 1024×1024×30 = 36.04. With
    /// `HORDE_REQUIRE_MATCHED_TARGETING` and a worker list the price is a flat 0.1.
    package static func jobPrice(_ spec: ImageJobSpec, matchedTargeting: Bool = false) -> Double {
        if matchedTargeting { return 0.1 }
        let reference = pow(1_048_576.0 - 4096.0, 1.75)
        let pixels = Double(spec.width * spec.height) - 4096
        let ratio = pixels > 0 ? pow(pixels, 1.75) / reference : 0
        let steps = Double(spec.accurateSteps)
        var price = KudosMath.round2(0.1232 * steps + ratio * 0.1232 * steps * 8.75)
        for _ in spec.postProcessors { price *= 1.2 }
        if spec.controlNet && !spec.returnControlMapOnly { price *= 3 }
        price += Double(spec.loras) * 3
        if spec.hasTextualInversions { price += 1 }
        return KudosMath.round2(price)
    }

    /// The baseline multiplier applied per job (SDXL ×2, Cascade ×4, Flux and Z-Image ×8, Qwen ×12).
    package static func baselineMultiplier(baseline: String?, qrCode: Bool = false, hiresFix: Bool = false) -> Double {
        switch baseline {
        case "stable_diffusion_xl": qrCode ? 4 : 2
        case "stable_cascade": hiresFix ? 7 : 4
        case "flux_1", "z_image_turbo": 8
        case "qwen_image": 12
        default: 1
        }
    }

    /// What the requester pays for one delivered job: base × multipliers, plus the one-kudo horde tax, then the
    /// speed and blacklist surcharges. A censored job pays only the tax part.
    package static func requesterCost(
        _ spec: ImageJobSpec, slowWorkers: Bool = true, workerBlacklist: Bool = false, censored: Bool = false
    ) -> Double {
        var base = censored ? 0 : jobPrice(spec) * multiplier(spec)
        if spec.hasSourceImage { base *= 1.3 }
        for processor in spec.postProcessors where upscalers.contains(processor) { base *= 1.05 }
        var cost = base + 1
        if !slowWorkers { cost *= 1.2 }
        if workerBlacklist { cost *= 1.1 }
        return KudosMath.round2(cost)
    }

    /// What the worker earns for one job before the bridge factor (the submit response's `reward`).
    package static func workerReward(_ spec: ImageJobSpec) -> Double {
        KudosMath.round2(jobPrice(spec) * multiplier(spec))
    }

    /// What the worker is credited for one job: the reward × its bridge's factor.
    package static func workerCredit(_ spec: ImageJobSpec, bridgeAgent: String) -> Double {
        KudosMath.round2(workerReward(spec) * BridgeAgent(bridgeAgent).rewardFactor)
    }

    /// The baseline multiplier of the job's own model.
    package static func multiplier(_ spec: ImageJobSpec) -> Double {
        baselineMultiplier(baseline: spec.baseline, qrCode: spec.qrCode, hiresFix: spec.hiresFix)
    }

    /// The horde tax charged once when a request is activated: 1, plus 5 per extra source image, plus the style
    /// surcharge of 2, which the image path always adds (a reference quirk kept: the activation tax is 3).
    package static func activationTax(extraSourceImages: Int = 0) -> Double {
        1 + 5 * Double(max(0, extraSourceImages)) + 2
    }

    /// The `dry_run` price (and the upfront estimate): the per-job charge of the un-multiplied price × n × the
    /// baseline multiplier of the first requested model (SDXL's ×2 when no model is named) + 1. `spec.baseline` is
    /// the first model's.
    package static func dryRunKudos(
        _ spec: ImageJobSpec, n: Int, hasModels: Bool, slowWorkers: Bool = true, workerBlacklist: Bool = false
    ) -> Double {
        let multiplier = hasModels ? multiplier(spec) : 2
        var plain = spec
        plain.baseline = nil
        plain.qrCode = false
        let perJob = requesterCost(plain, slowWorkers: slowWorkers, workerBlacklist: workerBlacklist)
        return KudosMath.round2(perJob * Double(max(n, 1)) * multiplier + 1)
    }

    /// Seconds a worker has for one job: 30 + accurate steps × 2 × megapixel ratio, ×2 ControlNet, ×3 for the heavy
    /// baselines, at least 150, ×3 for extra-slow workers.
    package static func jobTTL(_ spec: ImageJobSpec, heavyModel: Bool = false, extraSlowWorker: Bool = false) -> Int {
        var ttl = 30 + Double(spec.accurateSteps) * 2 * Double(spec.width * spec.height) / 262_144
        if spec.controlNet { ttl *= 2 }
        if heavyModel { ttl *= 3 }
        ttl = max(ttl, 150)
        if extraSlowWorker { ttl *= 3 }
        return Int(ttl.rounded(.up))
    }
}
