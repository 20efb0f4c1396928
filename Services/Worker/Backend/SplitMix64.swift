import HordeCore

/// A small, fast, fully deterministic random number generator (Steele, Lea and Flood's SplitMix64), so a
/// prompt and seed always render the same image and text on every machine and Swift version.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }

    /// A generator seeded from SHA-256 of the given parts, separated so ("ab","c") and ("a","bc") differ.
    init(hashing parts: [String]) {
        let digest = SHA256.hash(Array(parts.joined(separator: "\u{1F}").utf8))
        var seed: UInt64 = 0
        for byte in digest.prefix(8) { seed = (seed << 8) | UInt64(byte) }
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double in [range.lowerBound, range.upperBound), from the top 53 bits.
    mutating func unit(_ range: Range<Double> = 0..<1) -> Double {
        let fraction = Double(next() >> 11) / Double(1 << 53)
        return range.lowerBound + fraction * (range.upperBound - range.lowerBound)
    }
}
