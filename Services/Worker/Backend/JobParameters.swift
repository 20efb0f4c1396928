import Foundation
import Messages

/// What the CPU backend reads from an image job's payload, with the API's defaults for absent keys and bounds
/// that keep a hostile or broken payload from exhausting memory.
struct ImageJobParameters: Sendable, Equatable {
    /// The positive prompt (before `###`).
    var prompt: String
    /// The negative prompt (after `###`), empty when absent.
    var negativePrompt: String
    /// Image width in pixels.
    var width: Int
    /// Image height in pixels.
    var height: Int
    /// Sampling steps asked for (kept for backends that use them).
    var steps: Int
    /// Seed of the first image.
    var seed: UInt64
    /// Images in this batch (`n_iter`).
    var count: Int
    /// The horde's sampler name, e.g. `k_euler_a` (Default: k_euler_a).
    var samplerName: String = "k_euler_a"
    /// Classifier-free guidance scale (Default: 7.5).
    var cfgScale: Double = 7.5
    /// Karras noise schedule asked for.
    var karras: Bool = false
    /// CLIP layers skipped (Default: 1, none).
    var clipSkip: Int = 1
    /// How far img2img may move from the source (Default: 0.75).
    var denoisingStrength: Double = 0.75
    /// The source image for img2img (base64), when the job has one.
    var sourceImage: String?
    /// LoRas to apply, in request order (at most 5).
    var loras: [LoraRequest] = []
    /// Textual inversions the job names (at most 20); their prompt references are injected by `resolveExtras`.
    var textualInversions: [TextualInversionRequest] = []

    /// The largest side rendered (Default: 4096 px); the API allows 3072.
    static let maxSide = 4096
    /// The most images one pop may carry (the API's limit).
    static let maxBatch = 20

    /// Reads `payload`; `fallbackSeed` is used when the payload carries no usable seed.
    init(payload: JSONValue, fallbackSeed: UInt64) {
        let fullPrompt = payload["prompt"]?.stringValue ?? ""
        if let range = fullPrompt.range(of: "###") {
            prompt = String(fullPrompt[..<range.lowerBound])
            negativePrompt = String(fullPrompt[range.upperBound...])
        } else {
            prompt = fullPrompt
            negativePrompt = ""
        }
        width = Self.clamp(payload["width"]?.intValue ?? 512, 1, Self.maxSide)
        height = Self.clamp(payload["height"]?.intValue ?? 512, 1, Self.maxSide)
        steps = Self.clamp(payload["ddim_steps"]?.intValue ?? payload["steps"]?.intValue ?? 30, 1, 500)
        seed = SeedValue.parse(payload["seed"]) ?? fallbackSeed
        count = Self.clamp(payload["n_iter"]?.intValue ?? 1, 1, Self.maxBatch)
        samplerName = payload["sampler_name"]?.stringValue ?? "k_euler_a"
        if let scale = payload["cfg_scale"]?.doubleValue, scale.isFinite { cfgScale = min(max(scale, 0), 100) }
        karras = payload["karras"]?.boolValue ?? false
        clipSkip = Self.clamp(payload["clip_skip"]?.intValue ?? 1, 1, 12)
        if let strength = payload["denoising_strength"]?.doubleValue, strength.isFinite {
            denoisingStrength = min(max(strength, 0), 1)
        }
        if let source = payload["source_image"]?.stringValue, !source.isEmpty { sourceImage = source }
        loras = (payload["loras"]?.arrayValue ?? []).prefix(5).compactMap(LoraRequest.init)
        textualInversions = (payload["tis"]?.arrayValue ?? []).prefix(20).compactMap(TextualInversionRequest.init)
    }

    /// The seed of the `index`-th image of the batch: consecutive seeds, wrapped below 2^32 as the API's are.
    func seed(forImage index: Int) -> UInt64 { (seed &+ UInt64(index)) & 0xFFFF_FFFF }

    /// `value` limited to `low...high`.
    static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }
}

/// What the CPU backend reads from a text job's payload.
struct TextJobParameters: Sendable, Equatable {
    /// The prompt to continue.
    var prompt: String
    /// Tokens to generate at most (API default 80, range 16-4096).
    var maxLength: Int
    /// The context size asked for (kept for backends that use it).
    var maxContextLength: Int
    /// Generation ends before the first of these.
    var stopSequences: [String]
    /// Only the first line is returned.
    var singleLine: Bool
    /// Seed of the first text.
    var seed: UInt64
    /// The payload's sampling settings under their KoboldAI names (temperature, top_p, rep_pen …), for backends
    /// that take them; absent keys are left to the backend's defaults.
    var sampling: [String: JSONValue] = [:]

    /// The payload keys copied into `sampling`: the text generation parameters the AI Horde API shares with the
    /// KoboldAI API.
    static let samplingKeys = [
        "temperature", "top_p", "top_k", "top_a", "typical", "tfs", "min_p", "rep_pen", "rep_pen_range",
        "rep_pen_slope", "sampler_order", "use_default_badwordsids", "dynatemp_range", "dynatemp_exponent",
        "smoothing_factor", "frmttriminc", "frmtrmblln", "frmtrmspch", "frmtadsnsp",
    ]

    /// Reads `payload`; `fallbackSeed` is used when the payload carries no usable seed.
    init(payload: JSONValue, fallbackSeed: UInt64) {
        prompt = payload["prompt"]?.stringValue ?? ""
        maxLength = ImageJobParameters.clamp(payload["max_length"]?.intValue ?? 80, 1, 4096)
        maxContextLength = ImageJobParameters.clamp(payload["max_context_length"]?.intValue ?? 2048, 1, 1 << 20)
        stopSequences = (payload["stop_sequence"]?.arrayValue ?? []).compactMap(\.stringValue).prefix(128).map { $0 }
        singleLine = payload["singleline"]?.boolValue ?? false
        seed = SeedValue.parse(payload["seed"]) ?? fallbackSeed
        for key in Self.samplingKeys {
            if let value = payload[key], value != .null { sampling[key] = value }
        }
    }
}

/// Seeds as payloads carry them: a number, a string of digits, or any other string (HORDE_RULES 2.2: its
/// little-endian bytes), folded below 2^32.
enum SeedValue {
    /// The seed in `value`, or nil when there is none (absent, null, empty).
    static func parse(_ value: JSONValue?) -> UInt64? {
        switch value {
        case .number(let number)?:
            guard number.isFinite else { return nil }
            return UInt64(abs(number.rounded(.towardZero)).truncatingRemainder(dividingBy: 4_294_967_296))
        case .string(let text)?:
            return parse(text)
        default:
            return nil
        }
    }

    /// A seed string: digits are a number, anything else its UTF-8 bytes as a little-endian number.
    static func parse(_ text: String) -> UInt64? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        if trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) {
            var value: UInt64 = 0
            for digit in trimmed.utf8 { value = (value &* 10 &+ UInt64(digit - 48)) % 4_294_967_296 }
            return value
        }
        // Only the low four bytes survive the fold below 2^32.
        var value: UInt64 = 0
        for (index, byte) in trimmed.utf8.prefix(4).enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        return value
    }
}
