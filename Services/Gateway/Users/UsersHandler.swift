import Foundation
import HTTP
import Messages
import ServiceKit

/// `GET /v2/users/{id}` and `GET /v2/find_user`. Kudos come from the ledger's balances. The user themself and
/// moderators see the privileged fields.
struct UsersHandler: Sendable {
    /// The shared dependencies.
    let context: GatewayContext

    /// A user by id; 404 `UserNotFound` for unknown or non-numeric ids; 401 for a key that matches nobody.
    func user(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let text = request.pathParameters["user_id"], let id = Int(text), id >= 0 else { throw Self.notFound }
        var viewer: AuthenticatedUser?
        if let key = request.apiKey {
            guard let user = try await context.authenticator.lookup(apiKey: key) else {
                throw HordeError(.invalidAPIKey, "No user matching sent API Key.")
            }
            viewer = user
        }
        guard let details = try await details(of: id, viewer: viewer) else { throw Self.notFound }
        return .json(200, details, encoder: APICoding.encoder())
    }

    /// The owner of the `apikey` header, with the privileged fields; 404 `UserNotFound` when the key matches nobody.
    func findUser(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let key = request.apiKey, let user = try await context.authenticator.lookup(apiKey: key),
            let details = try await details(of: user.id, viewer: user)
        else { throw Self.notFound }
        return .json(200, details, encoder: APICoding.encoder())
    }

    private static let notFound = HordeError(.userNotFound, "User not found.")

    /// The view of user `id` for `viewer` (nil: anonymous caller), or nil when no such user.
    func details(of id: Int, viewer: AuthenticatedUser?, now: Date = Date()) async throws -> UserDetails? {
        let rows = try await context.pool.query(
            """
            SELECT \(unsafeSQL: UserRows.columns), u.public_workers, u.contact, u.created_at
            FROM gateway.users u WHERE u.id = \(id)
            """)
        guard let row = rows.first else { return nil }
        let user = try UserRows.authenticatedUser(row)
        let workerRows = try await context.pool.query("SELECT id FROM gateway.workers WHERE owner_id = \(id) ORDER BY id")
        let workerIds = try workerRows.map { try $0.decode("id", as: UUID.self).apiString }
        let kudos = try await context.balances.balance(of: .user(id))
        let privileged = viewer.map { $0.id == id || $0.moderator } ?? false
        let publicWorkers = row["public_workers"].bool ?? false
        let created = row["created_at"].date ?? now
        var details = UserDetails(
            username: user.uniqueAlias, id: id, kudos: kudos, concurrency: user.concurrency, moderator: user.moderator,
            trusted: user.trusted, deleted: user.deleted, pseudonymous: user.isPseudonymous,
            accountAge: max(0, Int(now.timeIntervalSince(created))), workerCount: workerIds.count)
        if privileged || publicWorkers { details.workerIds = workerIds }
        if privileged {
            details.evaluatingKudos = 0
            details.flagged = user.flagged
            details.vpn = false
            details.special = false
            details.suspicious = 0
            details.contact = row["contact"].string
            details.sharedkeyIds = []
            details.activeGenerations = UserActiveGenerations()
        }
        return details
    }
}
