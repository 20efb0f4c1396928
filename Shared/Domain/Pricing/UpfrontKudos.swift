import Foundation

/// Upfront-kudos admission (HORDE_RULES 4.5): which requests must be paid for before they queue, how much is held,
/// and how `allow_downgrade` shrinks a request to what needs no upfront payment.
package enum UpfrontKudos {
    /// Known LCM LoRas by version id.
    package static let lcmLoraVersions: Set<String> = ["246747", "247778", "268475", "243643", "225222", "219782", "363353"]
    /// Known LCM LoRas by model id.
    package static let lcmLoraModels: Set<String> = ["195519", "216190", "324115"]

    /// The side of the largest square an image request may have without upfront kudos:
    /// R = clamp(1024 + 10 × active image threads − round(0.9 × queued image jobs), 576, 1024), at least 768 for SD2
    /// and 1024 for SDXL, Cascade and Flux models.
    package static func resolutionLimit(activeImageThreads: Int, queuedImageJobs: Int, baselines: [String?] = []) -> Int {
        var limit = 1024 + 10 * activeImageThreads - Int((0.9 * Double(queuedImageJobs)).rounded())
        limit = min(max(limit, 576), 1024)
        for baseline in baselines {
            switch baseline {
            case "stable_diffusion_2": limit = max(limit, 768)
            case "stable_diffusion_xl", "stable_cascade", "flux_1": limit = max(limit, 1024)
            default: break
            }
        }
        return limit
    }

    /// The longest text a request may ask for without upfront kudos:
    /// T = clamp(512 + 5 × text threads − round(0.9 × queued text jobs), 256, 512).
    package static func textLengthLimit(textThreads: Int, queuedTextJobs: Int) -> Int {
        min(max(512 + 5 * textThreads - Int((0.9 * Double(queuedTextJobs)).rounded()), 256), 512)
    }

    /// What decides whether an image request needs upfront kudos.
    package struct ImageRequest: Sendable, Equatable {
        /// Pixels.
        package var width: Int
        /// Pixels.
        package var height: Int
        /// Steps as the worker runs them.
        package var accurateSteps: Int
        /// Slow workers allowed.
        package var slowWorkers: Bool
        /// Sampler `lcm` or a known LCM LoRa.
        package var lcm: Bool
        /// A ControlNet request.
        package var controlNet: Bool
        /// The requested models' max_steps (40 for a model the reference does not list).
        package var modelsMaxSteps: [Int]
        /// A worker list was given and `HORDE_REQUIRE_MATCHED_TARGETING` is on.
        package var matchedTargeting: Bool

        /// A request.
        package init(
            width: Int, height: Int, accurateSteps: Int, slowWorkers: Bool = true, lcm: Bool = false,
            controlNet: Bool = false, modelsMaxSteps: [Int] = [], matchedTargeting: Bool = false
        ) {
            self.width = width
            self.height = height
            self.accurateSteps = accurateSteps
            self.slowWorkers = slowWorkers
            self.lcm = lcm
            self.controlNet = controlNet
            self.modelsMaxSteps = modelsMaxSteps
            self.matchedTargeting = matchedTargeting
        }
    }

    /// True when the image request must be paid upfront, given the resolution limit `limit` (R).
    package static func imageNeedsUpfront(_ request: ImageRequest, limit: Int) -> Bool {
        if !request.slowWorkers { return true }
        if request.lcm && request.accurateSteps > 10 { return true }
        let maxSteps = request.modelsMaxSteps.isEmpty ? [40] : request.modelsMaxSteps
        if maxSteps.contains(where: { request.accurateSteps > $0 }) { return true }
        if request.width * request.height > limit * limit { return true }
        if request.controlNet && request.accurateSteps > 20 { return true }
        return request.matchedTargeting
    }

    /// True when the text request must be paid upfront, given the length limit `limit` (T).
    package static func textNeedsUpfront(slowWorkers: Bool, maxLength: Int, limit: Int) -> Bool {
        !slowWorkers || maxLength > limit
    }

    /// What a user may commit now, in hundredths: balance − floor − active holds − queued unapplied debits (queued
    /// credits are ignored).
    package static func availableCents(balance: Int64, floor: Int64, holds: Int64 = 0, queuedDebits: Int64 = 0) -> Int64 {
        balance - floor - holds - max(0, queuedDebits)
    }

    /// The image request `allow_downgrade` turns a refused one into: the size shrunk to fit R² (keeping the aspect,
    /// snapped down to 64, at least 512 × 512), the steps lowered to the models' lowest max_steps (30 when none is
    /// known; 20 with ControlNet; 10 for LCM; never below 5), and slow workers allowed.
    package static func downgrade(_ request: ImageRequest, limit: Int) -> (width: Int, height: Int, steps: Int) {
        var width = request.width
        var height = request.height
        if width * height > limit * limit {
            let factor = (Double(limit * limit) / Double(width * height)).squareRoot()
            width = max(512, Int(Double(width) * factor) / 64 * 64)
            height = max(512, Int(Double(height) * factor) / 64 * 64)
            // A side held at the 512 minimum leaves the other only what still fits.
            let area = limit * limit
            if height == 512 { width = max(512, min(width, area / height / 64 * 64)) }
            if width == 512 { height = max(512, min(height, area / width / 64 * 64)) }
        }
        var cap = request.modelsMaxSteps.min() ?? 30
        if request.controlNet { cap = min(cap, 20) }
        if request.lcm { cap = min(cap, 10) }
        // Never lowered below 5 (a request already below keeps its steps).
        let steps = min(request.accurateSteps, max(cap, 5))
        return (width, height, steps)
    }
}
