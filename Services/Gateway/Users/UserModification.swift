import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `PUT /v2/users/{id}`: every field checked against the caller's rights first (admin: kudos, monthly_kudos,
/// usage_multiplier, moderator; moderator: concurrency, worker_invited, roles, reset_suspicion, admin_comment;
/// the user themself or a moderator: public_workers, username, contact, generate_proxy_passkey, undelete), then
/// all changes applied in one transaction, so a refused request changes nothing.
struct UserModification: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Longest alias accepted on rename.
    static let maxUsernameLength = 30
    /// Concurrency an education account gets (and loses, back to the default, when the role is removed).
    static let educationConcurrency = 200
    /// Default concurrency.
    static let defaultConcurrency = 30

    /// Applies the body; 200 `ModifyUser` with the fields that changed.
    func modify(_ request: HTTPRequest) async throws -> HTTPResponse {
        let input = try JSONBody.decode(ModifyUserInput.self, from: request.body)
        try Self.validateSchema(input)
        let caller = try await context.authenticator.require(.user, request)
        if caller.sharedKey != nil { throw HordeError(.invalidAPIKey, "A shared key cannot modify users.") }
        let id = try UsersHandler.userId(request)
        let rows = try await context.pool.query(
            """
            SELECT \(unsafeSQL: UserRows.columns), u.deleted FROM gateway.users u WHERE u.id = \(id) AND NOT u.wiped
            """)
        guard let row = rows.first else { throw UsersHandler.notFound }
        let target = try UserRows.authenticatedUser(row)
        let changes = try plan(input, caller: caller, target: target)
        guard !changes.isEmpty else { throw HordeError(.noUserModSelected, "No user modification selected!") }
        let result = try await apply(changes, input: input, target: target)
        try await context.authenticator.invalidate(userId: target.id)
        return .json(200, result, encoder: APICoding.encoder())
    }

    /// The swagger limits of the body, all problems in one 400.
    static func validateSchema(_ input: ModifyUserInput) throws {
        var errors = SchemaErrors()
        errors.range(input.concurrency, "concurrency", 0, 500)
        errors.range(input.usageMultiplier, "usage_multiplier", 0.1, 10)
        // The swagger leaves these unbounded; the stored columns are 32-bit.
        errors.range(input.workerInvited, "worker_invited", 0, Int(Int32.max))
        errors.range(input.monthlyKudos, "monthly_kudos", 0, Int(Int32.max))
        if let kudos = input.kudos, abs(kudos) > 1e12 { errors.add("kudos", "\(kudos) is out of range") }
        if let username = input.username, username.count > maxUsernameLength {
            throw HordeError(.tooLongUserName, "A username cannot be longer than \(maxUsernameLength) characters.")
        }
        errors.length(input.username, "username", min: 3, max: 100)
        errors.length(input.contact, "contact", min: 5, max: 500)
        errors.length(input.adminComment, "admin_comment", min: 5, max: 500)
        if let kudos = input.kudos, !kudos.isFinite { errors.add("kudos", "Expected a number") }
        try errors.throwIfAny()
    }

    /// One field to change, already permitted.
    enum Change: Sendable, Equatable {
        case kudos(Double), monthlyKudos(Int), usageMultiplier(Double), moderator(Bool), concurrency(Int)
        case workerInvited(Int), trusted(Bool), flagged(Bool), customizer(Bool), vpn(Bool), service(Bool)
        case education(Bool), special(Bool), filtered(Bool), resetSuspicion, adminComment(String)
        case publicWorkers(Bool), username(String), contact(String), generateProxyPasskey, undelete
    }

    /// The permitted changes, in the reference's order of checks; throws at the first refused field.
    func plan(_ input: ModifyUserInput, caller: AuthenticatedUser, target: AuthenticatedUser) throws -> [Change] {
        if target.isAnonymous {
            throw HordeError(.anonForbiddenUserMod, "The anonymous account cannot be modified.")
        }
        let auth = context.authenticator
        let isSelf = caller.id == target.id && !caller.isAnonymous
        func admin() throws { try auth.check(.admin, caller) }
        func moderator() throws { try auth.check(.moderator, caller) }
        func selfOrModerator() throws {
            if !isSelf { try auth.check(.moderator, caller) }
        }
        var changes: [Change] = []
        if let kudos = input.kudos, kudos != 0 { try admin(); changes.append(.kudos(kudos)) }
        if let monthly = input.monthlyKudos { try admin(); changes.append(.monthlyKudos(monthly)) }
        if let multiplier = input.usageMultiplier { try admin(); changes.append(.usageMultiplier(multiplier)) }
        if let value = input.moderator { try admin(); changes.append(.moderator(value)) }
        if let value = input.concurrency { try moderator(); changes.append(.concurrency(value)) }
        if let value = input.workerInvited { try moderator(); changes.append(.workerInvited(value)) }
        if let value = input.trusted { try moderator(); changes.append(.trusted(value)) }
        if let value = input.flagged { try moderator(); changes.append(.flagged(value)) }
        if let value = input.customizer { try moderator(); changes.append(.customizer(value)) }
        if let value = input.vpn { try moderator(); changes.append(.vpn(value)) }
        if let value = input.service { try moderator(); changes.append(.service(value)) }
        if let value = input.education { try moderator(); changes.append(.education(value)) }
        if let value = input.special { try moderator(); changes.append(.special(value)) }
        if let value = input.filtered { try moderator(); changes.append(.filtered(value)) }
        if input.resetSuspicion == true { try moderator(); changes.append(.resetSuspicion) }
        if let value = input.publicWorkers { try selfOrModerator(); changes.append(.publicWorkers(value)) }
        if let value = input.username {
            try selfOrModerator()
            let name = Self.sanitize(value)
            guard !name.isEmpty else { throw HordeError.validation(errors: ["username": "'' is too short"]) }
            if ProfanityCheck.isProfane(name) { throw HordeError(.profaneUserName, "This username is not allowed.") }
            changes.append(.username(name))
        }
        if let value = input.contact {
            try selfOrModerator()
            let contact = Self.sanitize(value)
            if ProfanityCheck.isProfane(contact) {
                throw HordeError(.profaneUserContact, "This contact is not allowed.")
            }
            changes.append(.contact(contact))
        }
        if let value = input.adminComment {
            try moderator()
            let comment = Self.sanitize(value)
            if ProfanityCheck.isProfane(comment) {
                throw HordeError(.profaneAdminComment, "This admin comment is not allowed.")
            }
            changes.append(.adminComment(comment))
        }
        if input.generateProxyPasskey == true {
            try selfOrModerator()
            let service = input.service ?? target.service
            if !service { throw HordeError(.nonServiceForbidden, "Only service accounts can have a proxy passkey.") }
            changes.append(.generateProxyPasskey)
        }
        if input.undelete == true {
            try selfOrModerator()
            if !target.deleted { throw HordeError(.userNotDeleted, "This user is not marked for deletion.") }
            changes.append(.undelete)
        }
        return changes
    }

    /// Trims and strips markup, as the reference sanitises user-provided names.
    static func sanitize(_ text: String) -> String {
        text.replacing(/<[^<>]*>/, with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func apply(_ changes: [Change], input: ModifyUserInput, target: AuthenticatedUser) async throws
        -> ModifyUser
    {
        var result = ModifyUser()
        var statements: [PostgresQuery] = []
        var adjustment: KudosAdjustment?
        let id = target.id
        func set(_ statement: PostgresQuery) { statements.append(statement) }
        for change in changes {
            switch change {
            case .kudos(let amount):
                adjustment = KudosAdjustment(
                    account: .user(id), amount: amount, reason: "adjusted by an admin", at: Date())
            case .monthlyKudos(let value):
                set("UPDATE gateway.users SET monthly_kudos = \(value) WHERE id = \(id)")
                result.monthlyKudos = value
            case .usageMultiplier(let value):
                set("UPDATE gateway.users SET usage_multiplier = \(value) WHERE id = \(id)")
                result.usageMultiplier = value
            case .moderator(let value):
                // Making someone a moderator also makes them trusted (which unpauses their workers).
                set("UPDATE gateway.users SET moderator = \(value), trusted = (trusted OR \(value)) WHERE id = \(id)")
                result.moderator = value
                if value {
                    result.trusted = true
                    set(Self.unpauseWorkers(of: id))
                }
            case .concurrency(let value):
                set("UPDATE gateway.users SET concurrency = \(value) WHERE id = \(id)")
                result.concurrency = value
            case .workerInvited(let value):
                set("UPDATE gateway.users SET worker_invited = \(value) WHERE id = \(id)")
                result.workerInvited = value
            case .trusted(let value):
                set("UPDATE gateway.users SET trusted = \(value) WHERE id = \(id)")
                result.trusted = value
                if value { set(Self.unpauseWorkers(of: id)) }
            case .flagged(let value):
                set("UPDATE gateway.users SET flagged = \(value) WHERE id = \(id)")
                result.flagged = value
            case .customizer(let value):
                set("UPDATE gateway.users SET customizer = \(value) WHERE id = \(id)")
                result.customizer = value
            case .vpn(let value):
                set("UPDATE gateway.users SET vpn = \(value) WHERE id = \(id)")
                result.vpn = value
            case .service(let value):
                set("UPDATE gateway.users SET service = \(value) WHERE id = \(id)")
                result.service = value
            case .education(let value):
                let raised = Self.educationConcurrency
                let normal = Self.defaultConcurrency
                set(
                    """
                    UPDATE gateway.users SET education = \(value),
                        concurrency = CASE WHEN \(value) THEN greatest(concurrency, \(raised))
                            WHEN concurrency = \(raised) THEN \(normal) ELSE concurrency END
                    WHERE id = \(id)
                    """)
                result.education = value
            case .special(let value):
                set("UPDATE gateway.users SET special = \(value) WHERE id = \(id)")
                result.special = value
            case .filtered(let value):
                set("UPDATE gateway.users SET filtered = \(value) WHERE id = \(id)")
            case .resetSuspicion:
                set("UPDATE gateway.users SET suspicion = 0 WHERE id = \(id)")
                result.newSuspicion = 0
            case .adminComment(let value):
                set("UPDATE gateway.users SET admin_comment = \(value) WHERE id = \(id)")
                result.adminComment = value
            case .publicWorkers(let value):
                set("UPDATE gateway.users SET public_workers = \(value) WHERE id = \(id)")
                result.publicWorkers = value
            case .username(let value):
                set("UPDATE gateway.users SET username = \(value) WHERE id = \(id)")
                result.username = "\(value)#\(id)"
            case .contact(let value):
                set("UPDATE gateway.users SET contact = \(value) WHERE id = \(id)")
                result.contact = value
            case .generateProxyPasskey:
                let passkey = String(APIKeyGenerator.make().prefix(16))
                let hash = context.authenticator.hash(passkey)
                set("UPDATE gateway.users SET proxy_passkey_hash = \(hash) WHERE id = \(id)")
                result.proxyPasskey = passkey
            case .undelete:
                set("UPDATE gateway.users SET deleted = false WHERE id = \(id)")
                result.undeleted = true
            }
        }
        let publisher = context.publisher
        let pending = adjustment
        let batch = statements
        try await context.pool.withTransaction { connection in
            for statement in batch { try await connection.execute(statement) }
            if let pending {
                // Published before COMMIT: if publishing fails, nothing of the modification is applied. The event id
                // makes a retried transaction's second publish harmless.
                try await publisher.publish(
                    Topics.ledgerCommands, key: pending.account.description, LedgerCommand.adjust(pending),
                    eventId: pending.eventId)
            }
        }
        if let pending {
            result.newKudos = try await context.balances.summary(ofUser: id).kudos + pending.amount
        }
        return result
    }

    private static func unpauseWorkers(of userId: Int) -> PostgresQuery {
        "UPDATE gateway.workers SET paused = false WHERE owner_id = \(userId)"
    }
}
