/// What the transfer rules need to know about one side of a transfer.
package struct KudosTransferParty: Sendable, Equatable {
    /// The user id (0 is the anonymous account).
    package var id: Int
    /// Five or more suspicion entries and not trusted.
    package var suspicious: Bool
    /// Flagged by a moderator.
    package var flagged: Bool
    /// An education account (may receive, not send).
    package var education: Bool
    /// Marked for deletion.
    package var deleted: Bool

    /// A party.
    package init(id: Int, suspicious: Bool = false, flagged: Bool = false, education: Bool = false, deleted: Bool = false) {
        self.id = id
        self.suspicious = suspicious
        self.flagged = flagged
        self.education = education
        self.deleted = deleted
    }

    /// The shared anonymous account.
    package var anonymous: Bool { id == 0 }
}
