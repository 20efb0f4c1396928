/// Kudos amounts as exact hundredths, so postings sum to exactly zero and `numeric(20,2)` round-trips.
package enum LedgerAmount {
    /// The largest magnitude a posting may carry (numeric(20,2) holds 18 integer digits; this stays far below).
    package static let maxCents: Int64 = 1_000_000_000_000_000

    /// Hundredths of `kudos`, rounded half away from zero; nil for NaN, infinities and absurd magnitudes.
    package static func cents(_ kudos: Double) -> Int64? {
        guard kudos.isFinite else { return nil }
        let scaled = (kudos * 100).rounded()
        guard abs(scaled) <= Double(maxCents) else { return nil }
        return Int64(scaled)
    }

    /// `1234` → `12.34`, `-5` → `-0.05`.
    package static func text(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Parses Postgres numeric text (`12.3`, `-0.05`, `7`) into hundredths; nil when it is not a decimal number
    /// or has more than two decimals.
    package static func cents(text: String) -> Int64? {
        var digits = Substring(text)
        var negative = false
        if digits.first == "-" {
            negative = true; digits = digits.dropFirst()
        } else if digits.first == "+" {
            digits = digits.dropFirst()
        }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, !wholeText.isEmpty, wholeText.allSatisfy(\.isASCIIDigitCharacter),
            let whole = Int64(wholeText)
        else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let fractionText = parts[1]
            guard fractionText.count <= 2, fractionText.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
            fraction = Int64(fractionText.isEmpty ? "0" : fractionText) ?? 0
            if fractionText.count == 1 { fraction *= 10 }
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        let value = scaled + fraction
        return negative ? -value : value
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
