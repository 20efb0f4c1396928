/// `CreateTeamInput` / `ModifyTeamInput`: the body of `POST /v2/teams` (name required) and `PATCH /v2/teams/{id}`.
package struct CreateTeamInput: Codable, Sendable, Equatable {
    /// The team's name, 3-100 characters, unique regardless of case.
    package var name: String?
    /// Notes about the team, 3-1000 characters.
    package var info: String?

    /// A team body.
    package init(name: String? = nil, info: String? = nil) {
        self.name = name
        self.info = info
    }
}
