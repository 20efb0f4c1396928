import Foundation

/// Puts a prompt into the form the filters match against: transliterated to Latin, without accents, case,
/// attention weights, punctuation or spaced-out letters, so `(L o l i:1.3)` and `Ｌｏｌｉ` read as `loli`.
enum PromptNormalizer {
    /// The positive part of an image prompt (before `###`) and the negative part (after it, if any).
    static func split(_ prompt: String) -> (positive: String, negative: String?) {
        guard let marker = prompt.range(of: "###") else { return (prompt, nil) }
        return (String(prompt[..<marker.lowerBound]), String(prompt[marker.upperBound...]))
    }

    /// The normalised text.
    static func normalize(_ text: String) -> String {
        var text = text.applyingTransform(.toLatin, reverse: false) ?? text
        text = text.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        text = replace(weights, in: text, with: " ")
        text = replace(punctuation, in: text, with: " ")
        text = replace(spaces, in: text, with: " ")
        text = collapseSpacedLetters(text)
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// `word:1.2` attention weights (the word stays).
    private static let weights = regex(#":\s*-?\d+(?:\.\d+)?"#)
    /// Anything but letters, digits and spaces.
    private static let punctuation = regex(#"[^\p{L}\p{N}\s]+"#)
    private static let spaces = regex(#"\s+"#)
    /// Three or more single letters separated by single spaces (`l o l i`).
    private static let spacedLetters = regex(#"(?<![\p{L}\p{N}])(?:\p{L} ){2,}\p{L}(?![\p{L}\p{N}])"#)

    private static func collapseSpacedLetters(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        var result = text
        for match in spacedLetters.matches(in: text, range: range).reversed() {
            guard let found = Range(match.range, in: result) else { continue }
            result.replaceSubrange(found, with: result[found].replacingOccurrences(of: " ", with: ""))
        }
        return result
    }

    private static func replace(_ regex: NSRegularExpression, in text: String, with template: String) -> String {
        regex.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    private static func regex(_ pattern: String) -> NSRegularExpression {
        // The patterns are constants of this file, checked by its tests.
        guard let regex = try? NSRegularExpression(pattern: pattern) else {
            preconditionFailure("invalid built-in pattern \(pattern)")
        }
        return regex
    }
}
