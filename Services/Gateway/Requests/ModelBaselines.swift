/// The baseline (model family) of an image model name, for the baseline price multiplier. Until the model
/// reference is loaded, this knows the families' flagship names and the reference's name-suffix rule
/// (`…[SDXL]`, `…[Flux]`, `…[Qwen]`, `…[ZModel]`/`…[ZImage]`); everything else prices as SD 1.5.
enum ModelBaselines {
    private static let known: [String: String] = [
        "SDXL 1.0": "stable_diffusion_xl",
        "Stable Cascade 1.0": "stable_cascade",
        "Flux.1-Schnell fp8 (Compact)": "flux_1",
        "Flux.1-Schnell fp16 (Compact)": "flux_1",
    ]

    /// The baseline of `model`, or nil when unknown.
    static func baseline(of model: String) -> String? {
        if let baseline = known[model] { return baseline }
        if model.hasSuffix("[SDXL]") { return "stable_diffusion_xl" }
        if model.hasSuffix("[Flux]") { return "flux_1" }
        if model.hasSuffix("[Qwen]") { return "qwen_image" }
        if model.hasSuffix("[ZModel]") || model.hasSuffix("[ZImage]") { return "z_image_turbo" }
        return nil
    }

    /// Families whose jobs get three times the usual TTL.
    static func isHeavy(_ baseline: String?) -> Bool {
        ["flux_1", "qwen_image", "z_image_turbo"].contains(baseline ?? "")
    }
}
