/// `InterrogationPopInput`: what an alchemist sends when asking for forms, with the parser defaults.
package struct InterrogationPopInput: Decodable, Sendable, Equatable {
    /// The worker's unique name. Required.
    package var name: String
    /// Users (`alias#id`) whose requests this worker serves first.
    package var priorityUsernames: [String]
    /// Forms served; empty means `caption`.
    package var forms: [String]
    /// Forms to take at once, 1–20. Default: 1.
    package var amount: Int
    /// `name:version:url`, at most 1000 characters. Default: `unknown:0:unknown`.
    package var bridgeAgent: String
    /// Parallel jobs, 1–100. Default: 1.
    package var threads: Int
    /// Largest image in 512×512 tiles it post-processes, 1–256. Default (parser): 80.
    package var maxTiles: Int

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case name
        case priorityUsernames = "priority_usernames"
        case forms, amount
        case bridgeAgent = "bridge_agent"
        case threads
        case maxTiles = "max_tiles"
    }

    /// Decodes with the parser defaults; a missing name is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        priorityUsernames = try c.decodeIfPresent([String].self, forKey: .priorityUsernames) ?? []
        forms = try c.decodeIfPresent([String].self, forKey: .forms) ?? []
        amount = try c.decodeIntegerIfPresent(forKey: .amount) ?? 1
        bridgeAgent = try c.decodeIfPresent(String.self, forKey: .bridgeAgent) ?? "unknown:0:unknown"
        threads = try c.decodeIntegerIfPresent(forKey: .threads) ?? 1
        maxTiles = try c.decodeIntegerIfPresent(forKey: .maxTiles) ?? 80
    }
}
