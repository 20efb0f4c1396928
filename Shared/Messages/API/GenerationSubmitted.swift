/// `GenerationSubmitted`: the answer to a submit: the kudos the job earned (before the bridge factor).
package struct GenerationSubmitted: Codable, Sendable, Equatable {
    /// Kudos earned.
    package var reward: Double

    /// A submit answer.
    package init(reward: Double) { self.reward = reward }
}
