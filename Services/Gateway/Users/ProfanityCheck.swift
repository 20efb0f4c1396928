import Foundation

/// Refuses names and texts containing common profanity, as the reference does for usernames, contacts, worker and
/// team names and infos. A word matches when it appears as a whole word, case-insensitively, after folding
/// leetspeak digits (`sh1t`).
enum ProfanityCheck {
    /// The words refused.
    private static let words: Set<String> = [
        "fuck", "fucker", "fucking", "motherfucker", "shit", "shitty", "bullshit", "cunt", "bitch", "bastard",
        "asshole", "dick", "dickhead", "cock", "pussy", "whore", "slut", "fag", "faggot", "nigger", "nigga",
        "retard", "twat", "wanker", "prick", "douchebag",
    ]

    /// True when `text` contains a refused word.
    static func isProfane(_ text: String) -> Bool {
        let folded = String(text.lowercased().map { character -> Character in
            switch character {
            case "0": "o"
            case "1", "!": "i"
            case "3": "e"
            case "4", "@": "a"
            case "5", "$": "s"
            case "7": "t"
            default: character
            }
        })
        let tokens = folded.split { !$0.isLetter }
        return tokens.contains { words.contains(String($0)) }
    }
}
