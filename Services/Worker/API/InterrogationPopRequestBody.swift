/// The body of `POST /api/v2/interrogate/pop` (InterrogationPopInput).
struct InterrogationPopRequestBody: Codable, Sendable, Equatable {
    /// The worker's unique name.
    var name: String
    /// Users (`alias#id`) whose forms go first on this worker.
    var priorityUsernames: [String] = []
    /// Forms this worker runs.
    var forms: [String]
    /// Forms taken per pop at most (Default: 1).
    var amount: Int = 1
    /// `name:version:url` of the worker software.
    var bridgeAgent: String
    /// Forms run at once.
    var threads: Int = 1
    /// The most 512 × 512 tiles of a source image this worker takes (Default: 16).
    var maxTiles: Int = 16

    /// The API's field names.
    private enum CodingKeys: String, CodingKey {
        case name, forms, amount, threads
        case priorityUsernames = "priority_usernames"
        case bridgeAgent = "bridge_agent"
        case maxTiles = "max_tiles"
    }
}
