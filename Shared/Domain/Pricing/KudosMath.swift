import Foundation

/// Rounding as the reference does it (Python's `round(x, 2)` on floats, half-to-even on exact ties).
package enum KudosMath {
    /// Rounds to two decimals.
    package static func round2(_ value: Double) -> Double {
        (value * 100).rounded(.toNearestOrEven) / 100
    }
}
