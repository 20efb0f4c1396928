/// `HordeModes`: the horde's modes (`GET`/`PUT /v2/status/modes`). Fields left nil are not shown (raid mode is
/// shown to moderators only) or, in a `PUT` body, not changed.
package struct HordeModes: Codable, Sendable, Equatable {
    /// No new generation or interrogation requests are accepted.
    package var maintenanceMode: Bool?
    /// Only invited workers may join.
    package var inviteOnlyMode: Bool?
    /// Countermeasures against an attack are on.
    package var raidMode: Bool?

    /// Modes.
    package init(maintenanceMode: Bool? = nil, inviteOnlyMode: Bool? = nil, raidMode: Bool? = nil) {
        self.maintenanceMode = maintenanceMode
        self.inviteOnlyMode = inviteOnlyMode
        self.raidMode = raidMode
    }

    enum CodingKeys: String, CodingKey {
        case maintenanceMode = "maintenance_mode"
        case inviteOnlyMode = "invite_only_mode"
        case raidMode = "raid_mode"
    }
}
