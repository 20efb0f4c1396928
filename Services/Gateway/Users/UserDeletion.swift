import Foundation
import HTTP
import Messages
import Postgres
import ServiceKit

/// `DELETE /v2/users/{id}`: the first call marks the account deleted (it can no longer generate, pop or
/// transfer); a second call, once the account has been idle for 30 days, wipes it: alias, oauth id and contact
/// become `<wiped>`, its keys, shared keys and workers are removed, and lookups no longer find it.
struct UserDeletion: Sendable {
    /// The shared dependencies.
    let context: GatewayContext
    /// Idle time after which a deleted account may be wiped.
    static let wipeAfter: TimeInterval = 30 * 86_400
    /// What wiped fields are set to.
    static let wiped = "<wiped>"

    /// 200 `{"message"}` saying whether the account was marked or wiped.
    func delete(_ request: HTTPRequest) async throws -> HTTPResponse {
        let caller = try await context.authenticator.requireUser(request)
        if caller.isAnonymous { throw HordeError(.anonForbiddenUser, "Anonymous user cannot delete users.") }
        if caller.sharedKey != nil { throw HordeError(.invalidAPIKey, "A shared key cannot delete users.") }
        let id = try UsersHandler.userId(request)
        let rows = try await context.pool.query(
            """
            SELECT \(unsafeSQL: UserRows.columns), u.last_active FROM gateway.users u WHERE u.id = \(id) AND NOT u.wiped
            """)
        guard let row = rows.first else { throw UsersHandler.notFound }
        let target = try UserRows.authenticatedUser(row)
        if caller.id != target.id, !caller.moderator {
            throw HordeError(.notUserOrMod, "Only the user themself or a moderator can delete this user.")
        }
        if target.isAnonymous { throw HordeError(.anonForbiddenUser, "The anonymous account cannot be deleted.") }
        if target.moderator { throw HordeError(.cannotDeleteMod, "A moderator cannot be deleted.") }
        let message: String
        if !target.deleted {
            try await context.pool.execute("UPDATE gateway.users SET deleted = true WHERE id = \(id)")
            message = "User \(target.uniqueAlias) has been marked for deletion."
        } else {
            let lastActive = row["last_active"].date ?? Date()
            if Date().timeIntervalSince(lastActive) < Self.wipeAfter {
                throw HordeError(
                    .cannotWipeActiveUser,
                    "This account was active in the last 30 days and cannot be wiped yet.")
            }
            try await wipe(id)
            message = "User \(target.uniqueAlias) has been wiped."
        }
        try await context.authenticator.invalidate(userId: id)
        return .json(200, SimpleResponse(message: message), encoder: APICoding.encoder())
    }

    private func wipe(_ id: Int) async throws {
        // The cached lookups must go while the keys can still be listed.
        try await context.authenticator.invalidate(userId: id)
        let wiped = Self.wiped
        try await context.pool.withTransaction { connection in
            try await connection.execute("DELETE FROM gateway.api_keys WHERE user_id = \(id)")
            try await connection.execute("DELETE FROM gateway.shared_keys WHERE owner_id = \(id)")
            try await connection.execute("DELETE FROM gateway.worker_messages WHERE author_id = \(id)")
            try await connection.execute("DELETE FROM gateway.workers WHERE owner_id = \(id)")
            try await connection.execute("UPDATE gateway.teams SET owner_id = 0 WHERE owner_id = \(id)")
            try await connection.execute(
                """
                UPDATE gateway.users SET username = \(wiped), oauth_id = \(wiped), contact = \(wiped), wiped = true,
                    proxy_passkey_hash = NULL, admin_comment = NULL
                WHERE id = \(id)
                """)
        }
    }
}
