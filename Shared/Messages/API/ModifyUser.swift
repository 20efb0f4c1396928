/// `ModifyUser`: what `PUT /v2/users/{id}` changed; only the fields that were set appear.
package struct ModifyUser: Codable, Sendable, Equatable {
    /// The balance after a kudos change.
    package var newKudos: Double?
    /// The new concurrency.
    package var concurrency: Int?
    /// The new usage multiplier.
    package var usageMultiplier: Double?
    /// The new invitation count.
    package var workerInvited: Int?
    /// The new moderator role.
    package var moderator: Bool?
    /// The new public-workers setting.
    package var publicWorkers: Bool?
    /// The new alias (`alias#id`).
    package var username: String?
    /// The new monthly kudos.
    package var monthlyKudos: Int?
    /// The new trusted role.
    package var trusted: Bool?
    /// The new flagged role.
    package var flagged: Bool?
    /// The new customizer role.
    package var customizer: Bool?
    /// The new VPN role.
    package var vpn: Bool?
    /// The new service role.
    package var service: Bool?
    /// The new education role.
    package var education: Bool?
    /// The new special role.
    package var special: Bool?
    /// True when a pending deletion was cancelled.
    package var undeleted: Bool?
    /// The suspicion after a reset.
    package var newSuspicion: Int?
    /// The new contact.
    package var contact: String?
    /// The new admin comment.
    package var adminComment: String?
    /// A newly generated proxy passkey (shown once).
    package var proxyPasskey: String?

    /// Nothing changed yet.
    package init() {}

    /// The wire names of the fields.
    package enum CodingKeys: String, CodingKey {
        case newKudos = "new_kudos"
        case concurrency
        case usageMultiplier = "usage_multiplier"
        case workerInvited = "worker_invited"
        case moderator
        case publicWorkers = "public_workers"
        case username
        case monthlyKudos = "monthly_kudos"
        case trusted, flagged, customizer, vpn, service, education, special, undeleted
        case newSuspicion = "new_suspicion"
        case contact
        case adminComment = "admin_comment"
        case proxyPasskey = "proxy_passkey"
    }
}
