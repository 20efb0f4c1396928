/// `UserDetails`: a user as `GET /v2/users/{id}` and `GET /v2/find_user` show it. Privileged fields (shown to
/// the user themself and to moderators) are nil, and left out, for everyone else.
package struct UserDetails: Codable, Sendable, Equatable {
    /// `alias#id`.
    package var username: String
    /// The user id.
    package var id: Int
    /// Spendable kudos.
    package var kudos: Double
    /// (Privileged) Kudos held in escrow while untrusted.
    package var evaluatingKudos: Double?
    /// Concurrent requests allowed.
    package var concurrency: Int
    /// Workers this user may still add when invites are required.
    package var workerInvited: Int
    /// Moderator role.
    package var moderator: Bool
    /// Where the kudos came from.
    package var kudosDetails: UserKudosDetails
    /// Workers owned.
    package var workerCount: Int
    /// Worker ids (privileged, or public when the user allows it).
    package var workerIds: [String]?
    /// (Privileged) Shared key ids.
    package var sharedkeyIds: [String]?
    /// (Privileged) Unfinished requests.
    package var activeGenerations: UserActiveGenerations?
    /// Recurring kudos.
    package var monthlyKudos: MonthlyKudos
    /// Trusted role.
    package var trusted: Bool
    /// (Privileged) Flagged for suspicious activity.
    package var flagged: Bool?
    /// (Privileged) VPN role.
    package var vpn: Bool?
    /// Service account.
    package var service: Bool
    /// Education account.
    package var education: Bool
    /// May serve custom models.
    package var customizer: Bool
    /// (Privileged) Special role.
    package var special: Bool?
    /// Marked for deletion.
    package var deleted: Bool
    /// (Privileged) Accumulated suspicion.
    package var suspicious: Int?
    /// Registered without OAuth.
    package var pseudonymous: Bool
    /// (Privileged) Contact details.
    package var contact: String?
    /// (Moderators) Moderators' note about the user.
    package var adminComment: String?
    /// Seconds since the account was created.
    package var accountAge: Int
    /// What the user requested.
    package var usage: UsageDetails
    /// What the user's workers generated.
    package var contributions: ContributionsDetails
    /// Counters by kind.
    package var records: UserRecords
    /// The user's styles (none yet).
    package var styles: [JSONValue]

    /// A user view; privileged fields default to nil (hidden).
    package init(
        username: String, id: Int, kudos: Double, concurrency: Int, moderator: Bool, trusted: Bool, deleted: Bool,
        pseudonymous: Bool, accountAge: Int, workerCount: Int, evaluatingKudos: Double? = nil,
        workerInvited: Int = 0, workerIds: [String]? = nil, sharedkeyIds: [String]? = nil,
        activeGenerations: UserActiveGenerations? = nil, flagged: Bool? = nil, vpn: Bool? = nil, special: Bool? = nil,
        suspicious: Int? = nil, contact: String? = nil
    ) {
        self.username = username
        self.id = id
        self.kudos = kudos
        self.evaluatingKudos = evaluatingKudos
        self.concurrency = concurrency
        self.workerInvited = workerInvited
        self.moderator = moderator
        self.kudosDetails = UserKudosDetails()
        self.workerCount = workerCount
        self.workerIds = workerIds
        self.sharedkeyIds = sharedkeyIds
        self.activeGenerations = activeGenerations
        self.monthlyKudos = MonthlyKudos()
        self.trusted = trusted
        self.flagged = flagged
        self.vpn = vpn
        self.service = false
        self.education = false
        self.customizer = false
        self.special = special
        self.deleted = deleted
        self.suspicious = suspicious
        self.pseudonymous = pseudonymous
        self.contact = contact
        self.accountAge = accountAge
        self.usage = UsageDetails()
        self.contributions = ContributionsDetails()
        self.records = UserRecords()
        self.styles = []
    }

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case username, id, kudos
        case evaluatingKudos = "evaluating_kudos"
        case concurrency
        case workerInvited = "worker_invited"
        case moderator
        case kudosDetails = "kudos_details"
        case workerCount = "worker_count"
        case workerIds = "worker_ids"
        case sharedkeyIds = "sharedkey_ids"
        case activeGenerations = "active_generations"
        case monthlyKudos = "monthly_kudos"
        case trusted, flagged, vpn, service, education, customizer, special, deleted, suspicious, pseudonymous, contact
        case accountAge = "account_age"
        case adminComment = "admin_comment"
        case usage, contributions, records, styles
    }
}
