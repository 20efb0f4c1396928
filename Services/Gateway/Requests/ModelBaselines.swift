import Foundation

/// The model families the pricing knows, for names the image model reference does not list: the reference's
/// name-suffix rule (`…[SDXL]`, `…[Flux]`, `…[Qwen]`, `…[ZModel]`/`…[ZImage]`). Everything else prices as SD 1.5.
enum ModelBaselines {
    /// The family a custom model's name declares, or nil.
    static func baseline(bySuffixOf model: String) -> String? {
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

    /// The pricing name of a reference baseline (`stable diffusion 1` → `stable_diffusion_1`).
    static func normalised(_ baseline: String) -> String {
        baseline.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }
}
