/// Writes the CPU backend's texts: sentences assembled from a fixed vocabulary and the prompt's own words, by a
/// generator seeded with the prompt and the seed, so the same job always yields the same text.
///
/// Length is budgeted in the horde's token measure (a token is four characters, HORDE_RULES 4.3; counted here in
/// UTF-8 bytes, which never undercounts), so a text never counts for more than `maxLength` tokens.
struct TextComposer: Sendable {
    /// The finished text, starting with a space as a continuation of the prompt does.
    static func compose(
        prompt: String, seed: UInt64, maxLength: Int, stopSequences: [String] = [], singleLine: Bool = false
    ) -> String {
        var random = SplitMix64(hashing: ["text", prompt, String(seed)])
        let budget = max(1, maxLength) * 4
        let promptWords = prompt.split(whereSeparator: { !$0.isLetter }).map { $0.lowercased() }.filter { $0.count > 3 }
        // Aim for about three words per four tokens, like a real tokenizer, within the character budget.
        let targetWords = max(1, maxLength * 3 / 4)
        var text = ""
        var length = 0
        var words = 0
        var sentencesInParagraph = 0
        outer: while words < targetWords {
            let sentence = Self.sentence(using: &random, promptWords: promptWords)
            for (index, word) in sentence.enumerated() {
                let isLast = index == sentence.count - 1
                let piece: String = " " + (index == 0 ? word.prefix(1).uppercased() + word.dropFirst() : word) + (isLast ? "." : "")
                if length + piece.utf8.count > budget || words >= targetWords { break outer }
                text += piece
                length += piece.utf8.count
                words += 1
            }
            sentencesInParagraph += 1
            if sentencesInParagraph >= 3, random.next() % 3 == 0 {
                if length + 1 > budget { break }
                text += "\n"
                length += 1
                sentencesInParagraph = 0
            }
        }
        if text.isEmpty { text = String(" …".prefix(budget)) }
        return Self.applyStops(text, stopSequences: stopSequences, singleLine: singleLine)
    }

    /// Cuts `text` before the first stop sequence (and after the first line when `singleLine`).
    static func applyStops(_ text: String, stopSequences: [String], singleLine: Bool) -> String {
        var result = text
        for stop in stopSequences where !stop.isEmpty {
            if let range = result.range(of: stop) { result = String(result[..<range.lowerBound]) }
        }
        if singleLine, let newline = result.firstIndex(of: "\n") { result = String(result[..<newline]) }
        return result
    }

    private static func sentence(using random: inout SplitMix64, promptWords: [String]) -> [String] {
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        func noun() -> String {
            if !promptWords.isEmpty, random.next() % 3 == 0 { return pick(promptWords) }
            return pick(nouns)
        }
        switch random.next() % 4 {
        case 0: return ["the", pick(adjectives), noun(), pick(verbs), pick(prepositions), "the", noun()]
        case 1: return [pick(openers), "the", noun(), pick(verbs), pick(adverbs)]
        case 2: return ["a", noun(), "and", "a", pick(adjectives), noun(), pick(verbs), pick(prepositions), "the", noun()]
        default: return ["every", noun(), pick(verbs), pick(adverbs), pick(prepositions), "a", pick(adjectives), noun()]
        }
    }

    private static let nouns = [
        "river", "lantern", "forest", "city", "traveller", "garden", "storm", "mountain", "letter", "machine",
        "harbor", "window", "library", "market", "bridge", "valley", "engine", "song", "shadow", "orchard",
        "signal", "tower", "voice", "island", "clock", "map", "compass", "meadow", "workshop", "festival",
    ]
    private static let adjectives = [
        "quiet", "ancient", "bright", "restless", "golden", "hidden", "gentle", "distant", "curious", "silver",
        "patient", "crowded", "narrow", "warm", "hollow", "vivid", "forgotten", "steady", "wild", "careful",
    ]
    private static let verbs = [
        "waits", "wanders", "listens", "glows", "drifts", "turns", "rests", "rises", "echoes", "gathers",
        "returns", "lingers", "answers", "unfolds", "shifts", "settles", "calls", "remembers",
    ]
    private static let prepositions = ["beside", "beyond", "under", "across", "near", "behind", "within", "along"]
    private static let adverbs = ["slowly", "softly", "again", "tonight", "at dawn", "without a sound", "for a while"]
    private static let openers = ["then", "still", "somewhere", "meanwhile", "later", "once more"]
}
