/// `ModifyTeam`: the team `POST /v2/teams` created or `PATCH /v2/teams/{id}` changed.
package struct ModifyTeam: Codable, Sendable, Equatable {
    /// The team's id.
    package var id: String
    /// The team's name.
    package var name: String
    /// The team's info.
    package var info: String?

    /// A team summary.
    package init(id: String, name: String, info: String?) {
        self.id = id
        self.name = name
        self.info = info
    }
}
