/// The answer to a submit (GenerationSubmitted): the kudos the job earned.
struct SubmitResponseBody: Decodable, Sendable, Equatable {
    var reward: Double

    init(reward: Double) { self.reward = reward }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reward = try container.decodeIfPresent(Double.self, forKey: .reward) ?? 0
    }

    enum CodingKeys: String, CodingKey { case reward }
}
