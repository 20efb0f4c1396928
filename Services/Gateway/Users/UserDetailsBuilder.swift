import Foundation
import Messages
import Postgres

/// Builds `UserDetails` from `gateway.users` and the ledger's kudos summary. Privileged fields are filled only
/// for the user themself and for moderators.
struct UserDetailsBuilder: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// The columns `details(row:privileged:)` reads.
    static let columns = UserRows.columns + """
        , u.public_workers, u.contact, u.created_at, u.worker_invited, u.monthly_kudos, u.usage_multiplier,
        u.admin_comment
        """

    /// User `id` as `viewer` may see it; nil when there is no such (visible) user.
    func details(of id: Int, viewer: AuthenticatedUser?) async throws -> UserDetails? {
        let rows = try await context.pool.query(
            "SELECT \(unsafeSQL: Self.columns) FROM gateway.users u WHERE u.id = \(id) AND NOT u.wiped")
        guard let row = rows.first else { return nil }
        let privileged = viewer.map { ($0.id == id && $0.sharedKey == nil) || $0.moderator } ?? false
        return try await details(row: row, privileged: privileged, moderator: viewer?.moderator == true)
    }

    /// The user of `row` (holding `columns`); `moderator` adds the moderators' note.
    func details(row: PostgresRow, privileged: Bool, moderator: Bool = false, now: Date = Date()) async throws
        -> UserDetails
    {
        let user = try UserRows.authenticatedUser(row)
        let workerRows = try await context.pool.query(
            "SELECT id FROM gateway.workers WHERE owner_id = \(user.id) ORDER BY created_at, id")
        let workerIds = try workerRows.map { try $0.decode("id", as: UUID.self).apiString }
        let summary = try await context.balances.summary(ofUser: user.id)
        let publicWorkers = row["public_workers"].bool ?? false
        let created = row["created_at"].date ?? now
        var details = UserDetails(
            username: user.uniqueAlias, id: user.id, kudos: summary.kudos, concurrency: user.concurrency,
            moderator: user.moderator, trusted: user.trusted, deleted: user.deleted, pseudonymous: user.isPseudonymous,
            accountAge: max(0, Int(now.timeIntervalSince(created))), workerCount: workerIds.count,
            workerInvited: row["worker_invited"].int ?? 0)
        details.kudosDetails = summary.details
        details.monthlyKudos = summary.monthlyKudos
        if details.monthlyKudos.amount == 0 { details.monthlyKudos.amount = row["monthly_kudos"].int ?? 0 }
        details.usage = summary.usage
        details.contributions = summary.contributions
        details.records = summary.records
        details.service = user.service
        details.education = user.education
        details.customizer = user.customizer
        if privileged || publicWorkers { details.workerIds = workerIds }
        if privileged {
            let keyRows = try await context.pool.query(
                "SELECT id FROM gateway.shared_keys WHERE owner_id = \(user.id) ORDER BY created_at, id")
            details.sharedkeyIds = try keyRows.map { try $0.decode("id", as: UUID.self).apiString }
            details.evaluatingKudos = summary.evaluatingKudos
            details.flagged = user.flagged
            details.vpn = user.vpn
            details.special = user.special
            details.suspicious = user.suspicion
            details.contact = row["contact"].string
            if moderator { details.adminComment = row["admin_comment"].string }
            details.activeGenerations = try await ActiveGenerationsReader(pool: context.pool).active(ofUser: user.id)
        }
        return details
    }
}
