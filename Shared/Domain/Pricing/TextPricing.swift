import Foundation

/// The text price rules (HORDE_RULES 4.3).
package enum TextPricing {
    /// Tokens a delivered text counts for: max(20, ceil(chars / 4)), capped at max_length.
    package static func tokens(characters: Int, maxLength: Int) -> Int {
        min(max(20, (characters + 3) / 4), max(maxLength, 20))
    }

    /// The context multiplier: clamp(1.2 + 2.2^(log2(C / 1024)), 0.1, 30), C = max(20, ceil(prompt chars / 4))
    /// capped at max_length.
    package static func contextMultiplier(promptCharacters: Int, maxLength: Int) -> Double {
        let context = Double(min(max(20, (promptCharacters + 3) / 4), max(maxLength, 20)))
        let value = 1.2 + pow(2.2, log2(context / 1024))
        return min(max(value, 0.1), 30)
    }

    /// What the worker earns for one text job. `parametersBillions` is nil for models missing from the reference.
    package static func reward(
        tokens: Int, parametersBillions: Double?, contextMultiplier: Double, validatedBackend: Bool,
        ownerTrusted: Bool
    ) -> Double {
        guard let billions = parametersBillions else {
            let value = ownerTrusted ? Double(tokens) * contextMultiplier * 0.027 : contextMultiplier
            return KudosMath.round2(value)
        }
        var value = Double(tokens) * pow(max(billions, 13) / 13, 0.2) * billions / 125 * contextMultiplier
        if !validatedBackend { value *= 0.3 }
        return KudosMath.round2(value)
    }

    /// What the requester pays for one text job: the worker's reward plus the one-kudo tax.
    package static func requesterCost(reward: Double) -> Double { KudosMath.round2(reward + 1) }

    /// Seconds a worker has for one text job.
    package static let jobTTLSeconds = 150

    /// Billions of parameters read from a model name (`…-13B`, `…_7b-Q4_K`), for models the reference lacks.
    package static func parametersFromName(_ model: String) -> Double? {
        let lowered = model.lowercased()
        var best: Double?
        var index = lowered.startIndex
        while index < lowered.endIndex {
            if lowered[index].isNumber {
                var end = index
                while end < lowered.endIndex, lowered[end].isNumber || lowered[end] == "." { end = lowered.index(after: end) }
                if end < lowered.endIndex, lowered[end] == "b" {
                    let after = lowered.index(after: end)
                    let boundary = after == lowered.endIndex || !lowered[after].isLetter
                    // "8x7b" (mixture of experts) counts as 7B per expert, like "7b".
                    let previous = index == lowered.startIndex ? nil : lowered[lowered.index(before: index)]
                    let before = previous.map { !$0.isLetter || $0 == "x" } ?? true
                    if boundary, before, let value = Double(lowered[index..<end]) { best = max(best ?? 0, value) }
                }
                index = end
            } else {
                index = lowered.index(after: index)
            }
        }
        return best
    }
}

extension TextPricing {
    /// The context multiplier of the request's `max_context_length` (the estimate's form: no token cap).
    package static func contextMultiplier(maxContextLength: Int) -> Double {
        min(max(1.2 + pow(2.2, log2(Double(max(maxContextLength, 1)) / 1024)), 0.1), 30)
    }

    /// The estimated reward of one job: max_length × (max(P,13)/13)^0.2 × P × ctx / 100, P of the first model
    /// (13 when no model is named).
    package static func estimatePerJob(maxLength: Int, maxContextLength: Int, firstModelBillions: Double?) -> Double {
        let billions = firstModelBillions ?? 13
        return Double(maxLength) * pow(max(billions, 13) / 13, 0.2) * billions
            * contextMultiplier(maxContextLength: maxContextLength) / 100
    }

    /// The `dry_run` price: (estimate + 1) × n + 1.
    package static func dryRunKudos(maxLength: Int, maxContextLength: Int, firstModelBillions: Double?, n: Int) -> Double {
        let estimate = estimatePerJob(
            maxLength: maxLength, maxContextLength: maxContextLength, firstModelBillions: firstModelBillions)
        return KudosMath.round2((estimate + 1) * Double(max(n, 1)) + 1)
    }

    /// The upfront estimate: round(max_length × the highest requested P / 21, 2) × n; 20 × n without a model.
    package static func upfrontEstimate(maxLength: Int, highestBillions: Double?, n: Int) -> Double {
        guard let billions = highestBillions else { return 20 * Double(max(n, 1)) }
        return KudosMath.round2(Double(maxLength) * billions / 21) * Double(max(n, 1))
    }

    /// The horde tax charged once when a text request is activated: 1, plus 2 when it uses another user's style.
    package static func activationTax(otherUsersStyle: Bool = false) -> Double { otherUsersStyle ? 3 : 1 }
}
