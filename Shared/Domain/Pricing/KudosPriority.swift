/// Queue priority from kudos (HORDE_RULES 4.5, 3.5).
package enum KudosPriority {
    /// The priority of requests running on an empty or insufficient shared key (allow_downgrade).
    package static let downgradedSharedKey: Double = -50

    /// A request's priority: the requester's kudos; a flagged requester's is cut to kudos / 1000 (or -100 at 10 kudos
    /// or fewer).
    package static func priority(kudos: Double, flagged: Bool) -> Double {
        guard flagged else { return kudos }
        return kudos > 10 ? kudos / 1000 : -100
    }
}
