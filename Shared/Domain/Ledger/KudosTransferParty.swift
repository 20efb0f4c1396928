/// What the transfer rules need to know about one side of a transfer.
package struct KudosTransferParty: Sendable, Equatable {
    package var id: Int
    package var suspicious: Bool
    package var flagged: Bool
    package var education: Bool
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
