import Foundation

/// The prompt edits HORDE_RULES section 6 asks of a worker: a LoRa's trigger word before the positive prompt,
/// `(embedding:<id>:<strength>),` before it or `,(embedding:<id>:<strength>)` after the negative prompt.
enum PromptInjection {
    /// `prompt` with each textual inversion's reference injected where it asks.
    static func injectEmbeddings(
        _ tis: [TextualInversionRequest], prompt: String, negativePrompt: String
    ) -> (prompt: String, negativePrompt: String) {
        var positive = prompt
        var negative = negativePrompt
        for ti in tis {
            let reference = "(embedding:\(ti.name):\(format(ti.strength)))"
            switch ti.inject {
            case "prompt": positive = "\(reference),\(positive)"
            case "negprompt": negative = negative.isEmpty ? reference : "\(negative),\(reference)"
            default: break
            }
        }
        return (positive, negative)
    }

    /// The trained word(s) `rule` picks: `all` joins them, `any` takes one (the first, so a retry renders the
    /// same image), any other text the first word containing it, else the
    /// word closest to it.
    static func trigger(_ rule: String?, words: [String]) -> String? {
        let words = words.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard let rule = rule?.trimmingCharacters(in: .whitespaces), !rule.isEmpty, !words.isEmpty else { return nil }
        switch rule.lowercased() {
        case "all": return words.joined(separator: ", ")
        case "any": return words[0]
        default:
            let wanted = rule.lowercased()
            if let containing = words.first(where: { $0.lowercased().contains(wanted) }) { return containing }
            return words.min { distance($0.lowercased(), wanted) < distance($1.lowercased(), wanted) }
        }
    }

    /// The strength as the prompt syntax writes it (`1`, `0.75`).
    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// Levenshtein distance, to pick the trained word closest to the requested trigger.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
