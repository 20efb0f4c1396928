/// `ModifyWorkerInput`: the body of `PUT /v2/workers/{id}`.
package struct ModifyWorkerInput: Codable, Sendable, Equatable {
    /// (Owner or moderator) Serve only the owner's requests.
    package var maintenance: Bool?
    /// (Owner or moderator) Why the worker is in maintenance (at most 300 characters kept).
    package var maintenanceMsg: String?
    /// (Moderator) Hand the worker no real work.
    package var paused: Bool?
    /// (Owner or moderator) Notes about the worker, at most 1000 characters.
    package var info: String?
    /// (Owner or moderator) New name, 5-100 characters.
    package var name: String?
    /// (Owner or moderator) Team id to join; empty leaves the team.
    package var team: String?

    /// An empty modification.
    package init() {}

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case maintenance
        case maintenanceMsg = "maintenance_msg"
        case paused, info, name, team
    }
}
