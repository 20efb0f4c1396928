/// The interrogation ("alchemy") price rules (HORDE_RULES 4.4).
package enum InterrogationPricing {
    /// Forms that are not post-processors and cost more than a caption.
    static let interrogationForms: Set<String> = ["interrogation"]
    /// Forms priced like a caption.
    static let simpleForms: Set<String> = ["caption", "nsfw", "vectorize", "palette", "describe", "aesthetic"]

    /// The price of one form: interrogation 3; a post-processor 3 × tiles; caption, nsfw and the others 1.
    package static func formPrice(_ form: String, tiles: Int = 1) -> Double {
        if interrogationForms.contains(form) { return 3 }
        if simpleForms.contains(form) { return 1 }
        return 3 * Double(max(tiles, 1))
    }

    /// The tiles of a source image: ceil(w / 512) × ceil(h / 512) (at most 255 are accepted).
    package static func tiles(width: Int, height: Int) -> Int {
        ((max(width, 1) + 511) / 512) * ((max(height, 1) + 511) / 512)
    }

    /// What the worker earns for a form: its price.
    package static func workerReward(_ form: String, tiles: Int = 1) -> Double { formPrice(form, tiles: tiles) }

    /// What the requester pays for a form: price + 1, and +1 more when slow_workers is true (a reference quirk kept:
    /// the surcharge lands on the default case).
    package static func requesterCost(_ form: String, tiles: Int = 1, slowWorkers: Bool = true) -> Double {
        KudosMath.round2(formPrice(form, tiles: tiles) + 1 + (slowWorkers ? 1 : 0))
    }
}
