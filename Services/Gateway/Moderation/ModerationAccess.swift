import ServiceKit

/// Who may use the moderation endpoints: moderators, and for the maintenance mode the operator's admins
/// (`HORDE_ADMINS`).
enum ModerationAccess {
    /// 403 `NotModerator` unless `user` is a moderator (admins are moderators too).
    static func requireModerator(_ user: AuthenticatedUser, admins: Set<Int>, action: String) throws {
        guard user.moderator || admins.contains(user.id) else {
            throw HordeError(.notModerator, "Only moderators can \(action).")
        }
    }

    /// 403 `NotAdmin` unless `user` is one of the configured admins.
    static func requireAdmin(_ user: AuthenticatedUser, admins: Set<Int>, action: String) throws {
        guard admins.contains(user.id) else { throw HordeError(.notAdmin, "Only admins can \(action).") }
    }
}
