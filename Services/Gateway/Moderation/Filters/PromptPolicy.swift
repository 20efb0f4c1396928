import Foundation

/// The prompt rules of the moderation filters, as pure functions: scoring, the replacement filter and the
/// rewrite of age words for NSFW models.
enum PromptPolicy {
    /// Emojis of children and babies, which count towards group 1 like a type-10/11 match.
    static let minorEmojis: [String] = ["👶", "🧒", "👦", "👧", "🍼", "🚸"]

    /// Added to the negative prompt of every prompt the replacement filter rewrote.
    static let minorNegativeTerms = "child, infant, underage, immature, teenager, tween"

    /// Longest positive prompt the replacement filter works on.
    static let maxReplaceablePrompt = 7000

    /// Scores the positive part of `prompt`: group 1 (types 10/11 or a child emoji) and group 2 (type 20) add one
    /// point each.
    static func score(_ prompt: String, filters: FilterSet) -> PromptVerdict {
        let positive = PromptNormalizer.split(prompt).positive
        let normalized = PromptNormalizer.normalize(positive)
        var matches: [String] = []
        var suspicion = 0
        var groupOne = FilterSet.groupOneTypes.flatMap { filters.matches(ofType: $0, in: normalized) }
        groupOne += minorEmojis.filter { positive.contains($0) }
        if !groupOne.isEmpty {
            suspicion += 1
            matches += groupOne
        }
        let groupTwo = FilterSet.groupTwoTypes.flatMap { filters.matches(ofType: $0, in: normalized) }
        if !groupTwo.isEmpty {
            suspicion += 1
            matches += groupTwo
        }
        return PromptVerdict(suspicion: suspicion, matches: matches)
    }

    /// What the replacement filter makes of `prompt`: type-10 matches in the positive part rewritten to their
    /// replacements (child emojis dropped) and the minor-related terms added to the negative part. Nil when
    /// nothing of the positive prompt is left.
    static func replaced(_ prompt: String, filters: FilterSet) -> String? {
        let (positive, negative) = PromptNormalizer.split(prompt)
        var text = positive
        for (regex, replacement) in filters.replacements {
            text = regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text),
                withTemplate: NSRegularExpression.escapedTemplate(for: replacement))
        }
        for emoji in minorEmojis { text = text.replacingOccurrences(of: emoji, with: "") }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        return withNegativeTerms(text, negative: negative)
    }

    /// Prompts that hint at minors, for the NSFW-model rule (besides any type-10 match).
    private static let minorHints = FilterSet.compile(
        #"\b(?:girls?|boys?|child(?:ren)?|kids?|young|little|small|tiny|student|sons?|daughters?|teens?|school)\b"#)

    /// Age words and what the NSFW-model rule makes of them.
    private static let ageRewrites: [(NSRegularExpression?, String)] = [
        (FilterSet.compile(#"\bgirls?\b"#), "adult woman"),
        (FilterSet.compile(#"\b(?:boys?|sons?)\b"#), "adult man"),
        (FilterSet.compile(#"\b(?:young|little|small|tiny|student)\b"#), "adult"),
    ]

    /// Whether `prompt`'s positive part hints at minors.
    static func hintsAtMinors(_ prompt: String, filters: FilterSet) -> Bool {
        let positive = PromptNormalizer.normalize(PromptNormalizer.split(prompt).positive)
        if !filters.matches(ofType: 10, in: positive).isEmpty { return true }
        guard let minorHints else { return false }
        return minorHints.firstMatch(in: positive, range: NSRange(positive.startIndex..., in: positive)) != nil
    }

    /// The NSFW-model rewrite: age words in the positive part replaced by adult ones. Nil when nothing is left.
    static func agesRewritten(_ prompt: String) -> String? {
        let (positive, negative) = PromptNormalizer.split(prompt)
        var text = positive
        for case (let regex?, let replacement) in ageRewrites {
            text = regex.stringByReplacingMatches(
                in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
        }
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        return negative.map { "\(text) ###\($0)" } ?? text
    }

    private static func withNegativeTerms(_ positive: String, negative: String?) -> String {
        guard let negative, !negative.trimmingCharacters(in: .whitespaces).isEmpty else {
            return "\(positive) ### \(minorNegativeTerms)"
        }
        return "\(positive) ###\(negative), \(minorNegativeTerms)"
    }
}
