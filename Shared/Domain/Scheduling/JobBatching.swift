import Foundation
import Messages

/// How many jobs of one request a single pop takes (HORDE_RULES 2.2).
package enum JobBatching {
    /// The most jobs a worker may ask for in one pop.
    package static let maxAmount = 20

    /// Post-processors that cost an image batch as much as 1.8 plain images.
    package static let heavyPostProcessors: Set<String> = [
        "RealESRGAN_x4plus", "RealESRGAN_x4plus_anime_6B", "NMKD_Siax", "4x_AnimeSharp", "CodeFormers",
        "4xNomos8kSC", "4xLSDIRplus", "4xNomos2_hq_dat2", "RestoreFormer",
    ]

    /// Baselines whose images are so heavy that batching counts them several times over.
    package static let baselineBatchingMultipliers: [String: Double] = [
        "flux_1": 5, "qwen_image": 10, "z_image_turbo": 8,
    ]

    /// The image batch size a worker can take safely: its capacity (max_pixels / 3.5 per requested slot) over the
    /// cost of one image (pixels, ×(1 + 0.4 per post-processor), ×1.8 for a heavy post-processor or transparency,
    /// × the baseline's batching multiplier), rounded half-to-even and clamped to 1…amount.
    ///
    /// So an image batches only if it is at most about 1/3.5 of the worker's max_pixels.
    package static func imageSafeAmount(
        maxPixels: Int, amount: Int, width: Int, height: Int, postProcessors: [String] = [],
        transparent: Bool = false, baseline: String? = nil
    ) -> Int {
        let amount = clampAmount(amount)
        let capacity = Double(maxPixels) / 3.5 * Double(amount)
        var cost = Double(max(width, 1)) * Double(max(height, 1)) * (1 + 0.4 * Double(postProcessors.count))
        if transparent || postProcessors.contains(where: heavyPostProcessors.contains) { cost *= 1.8 }
        if let baseline, let multiplier = baselineBatchingMultipliers[baseline] { cost *= multiplier }
        let safe = (capacity / cost).rounded(.toNearestOrEven)
        guard safe.isFinite else { return 1 }
        return Int(min(max(safe, 1), Double(amount)))
    }

    /// Jobs handed out in one pop: never more than are waiting; one when the request disabled batching; for images
    /// at most the safe amount, for text at most the worker's `amount`.
    package static func jobCount(
        kind: RequestKind, amount: Int, safeAmount: Int, waiting: Int, disableBatching: Bool
    ) -> Int {
        guard waiting > 0 else { return 0 }
        if disableBatching { return 1 }
        let limit = kind == .image ? min(safeAmount, clampAmount(amount)) : clampAmount(amount)
        return max(1, min(limit, waiting))
    }

    /// A worker's `amount` within the API's 1…20.
    package static func clampAmount(_ amount: Int) -> Int { min(max(amount, 1), maxAmount) }
}
