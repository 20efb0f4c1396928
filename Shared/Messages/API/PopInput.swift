/// `PopInput`: what every worker kind sends when asking for a job, with the server's parser defaults.
package struct PopInput: Decodable, Sendable, Equatable {
    /// The worker's unique name. Required.
    package var name: String
    /// Users (`alias#id`) whose requests this worker serves first.
    package var priorityUsernames: [String]
    /// The worker takes NSFW requests. Default: true.
    package var nsfw: Bool
    /// Models served (each 3–255 characters).
    package var models: [String]
    /// `name:version:url`, at most 1000 characters. Default: `unknown:0:unknown`.
    package var bridgeAgent: String
    /// Parallel jobs, 1–50. Default: 1.
    package var threads: Int
    /// Only take requests whose owner already has the kudos. Default: false.
    package var requireUpfrontKudos: Bool
    /// Jobs to take at once, 1–20. Default: 1.
    package var amount: Int
    /// The worker is very slow (under 0.1 MPS/s). Default: false.
    package var extraSlowWorker: Bool

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case name
        case priorityUsernames = "priority_usernames"
        case nsfw, models
        case bridgeAgent = "bridge_agent"
        case threads
        case requireUpfrontKudos = "require_upfront_kudos"
        case amount
        case extraSlowWorker = "extra_slow_worker"
    }

    /// Decodes with the parser defaults; a missing name is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        priorityUsernames = try c.decodeIfPresent([String].self, forKey: .priorityUsernames) ?? []
        nsfw = try c.decodeIfPresent(Bool.self, forKey: .nsfw) ?? true
        models = try c.decodeIfPresent([String].self, forKey: .models) ?? []
        bridgeAgent = try c.decodeIfPresent(String.self, forKey: .bridgeAgent) ?? "unknown:0:unknown"
        threads = try c.decodeIntegerIfPresent(forKey: .threads) ?? 1
        requireUpfrontKudos = try c.decodeIfPresent(Bool.self, forKey: .requireUpfrontKudos) ?? false
        amount = try c.decodeIntegerIfPresent(forKey: .amount) ?? 1
        extraSlowWorker = try c.decodeIfPresent(Bool.self, forKey: .extraSlowWorker) ?? false
    }
}
