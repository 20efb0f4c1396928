/// `ModifyUserInput`: the body of `PUT /v2/users/{id}`. Every field is optional; which caller may set which field
/// is decided by the gateway (admin, moderator, or the user themself).
package struct ModifyUserInput: Codable, Sendable, Equatable {
    /// (Admin) Kudos to add (negative removes).
    package var kudos: Double?
    /// (Moderator) Concurrent requests allowed, 0-500.
    package var concurrency: Int?
    /// (Admin) Usage multiplier, 0.1-10.
    package var usageMultiplier: Double?
    /// (Moderator) Workers the user may add while invites are required.
    package var workerInvited: Int?
    /// (Admin) Moderator role.
    package var moderator: Bool?
    /// (Self or moderator) Show the user's workers publicly.
    package var publicWorkers: Bool?
    /// (Admin) Kudos granted every month.
    package var monthlyKudos: Int?
    /// (Self or moderator) New alias, 3-100 characters in the schema, at most 30 accepted.
    package var username: String?
    /// (Moderator) Trusted role.
    package var trusted: Bool?
    /// (Moderator) Flagged role.
    package var flagged: Bool?
    /// (Moderator) Customizer role.
    package var customizer: Bool?
    /// (Moderator) VPN role.
    package var vpn: Bool?
    /// (Moderator) Service role.
    package var service: Bool?
    /// (Moderator) Education role.
    package var education: Bool?
    /// (Moderator) Special role.
    package var special: Bool?
    /// (Self or moderator) Cancel a pending deletion.
    package var undelete: Bool?
    /// (Moderator) Replacement filter always on.
    package var filtered: Bool?
    /// (Moderator) Clear all suspicion.
    package var resetSuspicion: Bool?
    /// (Self or moderator, service accounts only) Make a new proxy passkey.
    package var generateProxyPasskey: Bool?
    /// (Self or moderator) Contact details, 5-500 characters.
    package var contact: String?
    /// (Moderator) Note about the user, 5-500 characters.
    package var adminComment: String?

    /// An empty modification.
    package init() {}

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case kudos, concurrency
        case usageMultiplier = "usage_multiplier"
        case workerInvited = "worker_invited"
        case moderator
        case publicWorkers = "public_workers"
        case monthlyKudos = "monthly_kudos"
        case username, trusted, flagged, customizer, vpn, service, education, special, undelete, filtered
        case resetSuspicion = "reset_suspicion"
        case generateProxyPasskey = "generate_proxy_passkey"
        case contact
        case adminComment = "admin_comment"
    }

    /// Reads the body; integers are checked field by field so a wrong number names its field.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kudos = try c.decodeIfPresent(Double.self, forKey: .kudos)
        concurrency = try c.decodeIntegerIfPresent(forKey: .concurrency)
        usageMultiplier = try c.decodeIfPresent(Double.self, forKey: .usageMultiplier)
        workerInvited = try c.decodeIntegerIfPresent(forKey: .workerInvited)
        moderator = try c.decodeIfPresent(Bool.self, forKey: .moderator)
        publicWorkers = try c.decodeIfPresent(Bool.self, forKey: .publicWorkers)
        monthlyKudos = try c.decodeIntegerIfPresent(forKey: .monthlyKudos)
        username = try c.decodeIfPresent(String.self, forKey: .username)
        trusted = try c.decodeIfPresent(Bool.self, forKey: .trusted)
        flagged = try c.decodeIfPresent(Bool.self, forKey: .flagged)
        customizer = try c.decodeIfPresent(Bool.self, forKey: .customizer)
        vpn = try c.decodeIfPresent(Bool.self, forKey: .vpn)
        service = try c.decodeIfPresent(Bool.self, forKey: .service)
        education = try c.decodeIfPresent(Bool.self, forKey: .education)
        special = try c.decodeIfPresent(Bool.self, forKey: .special)
        undelete = try c.decodeIfPresent(Bool.self, forKey: .undelete)
        filtered = try c.decodeIfPresent(Bool.self, forKey: .filtered)
        resetSuspicion = try c.decodeIfPresent(Bool.self, forKey: .resetSuspicion)
        generateProxyPasskey = try c.decodeIfPresent(Bool.self, forKey: .generateProxyPasskey)
        contact = try c.decodeIfPresent(String.self, forKey: .contact)
        adminComment = try c.decodeIfPresent(String.self, forKey: .adminComment)
    }
}
