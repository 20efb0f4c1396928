/// `TeamDetails`: a team as `GET /v2/teams` and `GET /v2/teams/{id}` show it.
package struct TeamDetails: Codable, Sendable, Equatable {
    /// The team's name.
    package var name: String
    /// The team's id.
    package var id: String
    /// Notes about the team.
    package var info: String?
    /// Jobs delivered by the team's workers.
    package var requestsFulfilled: Int
    /// Kudos the team's workers earned while in the team.
    package var kudos: Double
    /// Seconds the team's workers were online.
    package var uptime: Int
    /// `alias#id` of the team's creator.
    package var creator: String
    /// Workers in the team.
    package var workerCount: Int
    /// The team's workers.
    package var workers: [WorkerDetailsLite]
    /// Models the team's online workers serve (`ActiveModelLite`: name and count).
    package var models: [ActiveModelLite]

    /// A team view.
    package init(
        name: String, id: String, info: String?, creator: String, workers: [WorkerDetailsLite],
        models: [ActiveModelLite], requestsFulfilled: Int = 0, kudos: Double = 0, uptime: Int = 0
    ) {
        self.name = name
        self.id = id
        self.info = info
        self.requestsFulfilled = requestsFulfilled
        self.kudos = kudos
        self.uptime = uptime
        self.creator = creator
        self.workerCount = workers.count
        self.workers = workers
        self.models = models
    }

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case name, id, info
        case requestsFulfilled = "requests_fulfilled"
        case kudos, uptime, creator
        case workerCount = "worker_count"
        case workers, models
    }
}
