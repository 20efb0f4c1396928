/// The horde's three modes as stored.
struct HordeModeFlags: Sendable, Equatable {
    /// No new generation or interrogation requests.
    var maintenance = false
    /// New workers need an invitation.
    var inviteOnly = false
    /// Countermeasures against an attack.
    var raid = false
}
