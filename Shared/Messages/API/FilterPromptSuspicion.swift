/// `FilterPromptSuspicion`: how suspicious a prompt is (`POST /v2/filters`); 2 or more would be blocked.
package struct FilterPromptSuspicion: Codable, Sendable, Equatable {
    /// The score. The schema declares a string; the reference sends an integer, which clients parse.
    package var suspicion: Int
    /// The parts of the prompt that matched.
    package var matches: [String]

    /// A score.
    package init(suspicion: Int, matches: [String]) {
        self.suspicion = suspicion
        self.matches = matches
    }
}
