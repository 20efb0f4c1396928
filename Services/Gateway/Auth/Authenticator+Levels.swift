import Foundation
import HTTP
import Messages
import ServiceKit

extension Authenticator {
    /// The caller, refused unless they meet `level` (see `AuthLevel` for each level's rc). `rc` replaces the
    /// level's default refusal code where the endpoint's catalogue entry names another (e.g. `UntrustedTeamCreation`).
    func require(_ level: AuthLevel, _ request: HTTPRequest, rc: RC? = nil) async throws -> AuthenticatedUser {
        let user = try await requireUser(request)
        try check(level, user, rc: rc)
        return user
    }

    /// Throws unless `user` meets `level`.
    func check(_ level: AuthLevel, _ user: AuthenticatedUser, rc: RC? = nil) throws {
        if level != .user, user.sharedKey != nil {
            throw HordeError(.invalidAPIKey, "A shared key cannot be used for this operation.")
        }
        switch level {
        case .user:
            return
        case .registered:
            if user.isAnonymous {
                throw HordeError(rc ?? .anonForbidden, "Anonymous user is forbidden from performing this operation.")
            }
        case .worker:
            if user.isAnonymous {
                throw HordeError(
                    rc ?? .anonForbiddenWorker, "Anonymous user is forbidden from running or modifying workers.")
            }
        case .trusted:
            try check(.registered, user)
            if !user.trusted { throw HordeError(rc ?? .notTrusted, "Only trusted users can perform this operation.") }
        case .customizer:
            try check(.registered, user)
            if !(user.customizer || user.trusted) {
                throw HordeError(
                    rc ?? .stylesRequiresCustomizer, "Only customizers or trusted users can perform this operation.")
            }
        case .service:
            try check(.registered, user)
            if !user.service {
                throw HordeError(rc ?? .nonServiceForbidden, "Only service accounts can perform this operation.")
            }
        case .moderator:
            try check(.registered, user)
            if !user.moderator { throw HordeError(rc ?? .notModerator, "Only moderators can perform this operation.") }
        case .admin:
            try check(.registered, user)
            if !isAdmin(user) { throw HordeError(rc ?? .notAdmin, "Only admins can perform this operation.") }
        }
    }

    /// True when the operator listed the user in `HORDE_ADMINS` (the anonymous account never is).
    func isAdmin(_ user: AuthenticatedUser) -> Bool { !user.isAnonymous && admins.contains(user.id) }

    /// Throws unless `user` owns the resource (`ownerId`) or is a moderator. Default rc: `NotModerator`, as the
    /// reference answers non-owners editing workers and teams.
    func requireOwnerOrModerator(_ user: AuthenticatedUser, ownerId: Int, rc: RC = .notModerator) throws {
        if user.id == ownerId, !user.isAnonymous { return }
        if user.moderator { return }
        throw HordeError(rc, "You can only modify what you own, unless you are a moderator.")
    }

    /// Throws unless `user` owns worker `workerId` (moderators included only when `allowModerators`): 404
    /// `WorkerNotFound` for an unknown worker, 403 `rc` (default `WrongCredentials`) for someone else's.
    func requireWorkerOwner(
        _ user: AuthenticatedUser, workerId: UUID, allowModerators: Bool = false, rc: RC = .wrongCredentials
    ) async throws {
        try check(.worker, user)
        let rows = try await pool.query("SELECT owner_id FROM gateway.workers WHERE id = \(workerId)")
        guard let ownerId = rows.first?["owner_id"].int else { throw HordeError(.workerNotFound, "Worker not found.") }
        if ownerId == user.id || (allowModerators && user.moderator) { return }
        throw HordeError(rc, "Wrong credentials for this worker.")
    }
}
