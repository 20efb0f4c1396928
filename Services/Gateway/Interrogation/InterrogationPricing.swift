import Domain
import Foundation
import Messages

/// Form prices (HORDE_RULES 4.4).
enum InterrogationPricing {
    /// What the alchemist earns: `interrogation` 3, a post-processor 3 per tile, every other form 1.
    static func price(form: String, tiles: Int) -> Double {
        if form == "interrogation" { return 3 }
        if !ModelInterrogationFormStable.analysisForms.contains(form) { return 3 * Double(max(tiles, 1)) }
        return 1
    }

    /// What the requester pays: the price plus the 1 kudo tax, plus 1 more when slow workers are allowed (the
    /// reference charges the default case; recorded in deploy/DECISIONS.md).
    static func cost(price: Double, slowWorkers: Bool) -> Double {
        KudosMath.round2(price + 1 + (slowWorkers ? 1 : 0))
    }
}

/// How long a form's result on a source URL answers a repeat request (HORDE_RULES 2.7).
enum InterrogationCache {
    /// Analysis forms (`caption`, `nsfw`, …): 5 days.
    static let analysisLifetime: TimeInterval = 5 * 24 * 3600
    /// Post-processors: 90 minutes.
    static let postProcessorLifetime: TimeInterval = 90 * 60
}
