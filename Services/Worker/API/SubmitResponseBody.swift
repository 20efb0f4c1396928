/// The answer to a submit (GenerationSubmitted): the kudos the job earned.
struct SubmitResponseBody: Decodable, Sendable, Equatable {
    /// Kudos earned (0 when the gateway left it out).
    var reward: Double

    /// An answer with `reward`.
    init(reward: Double) { self.reward = reward }

    /// Decodes, treating a missing reward as 0.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reward = try container.decodeIfPresent(Double.self, forKey: .reward) ?? 0
    }

    /// The API's field names.
    private enum CodingKeys: String, CodingKey { case reward }
}
