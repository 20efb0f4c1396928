/// `DeletedTeam`: the team `DELETE /v2/teams/{id}` removed.
package struct DeletedTeam: Codable, Sendable, Equatable {
    /// The team's id.
    package var deletedId: String
    /// The team's name.
    package var deletedName: String

    /// The deleted team.
    package init(deletedId: String, deletedName: String) {
        self.deletedId = deletedId
        self.deletedName = deletedName
    }

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case deletedId = "deleted_id"
        case deletedName = "deleted_name"
    }
}
