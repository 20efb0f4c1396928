import Postgres

/// Reading `gateway.users` rows.
enum UserRows {
    /// The columns `authenticatedUser` reads (table alias `u`).
    static let columns = """
        u.id, u.username, u.oauth_id, u.moderator, u.trusted, u.flagged, u.deleted, u.concurrency, u.customizer, \
        u.service, u.education, u.special, u.vpn, u.suspicion
        """

    /// A user from a row holding `columns`.
    static func authenticatedUser(_ row: PostgresRow) throws -> AuthenticatedUser {
        AuthenticatedUser(
            id: try row.decode("id", as: Int.self),
            username: try row.decode("username", as: String.self),
            oauthId: try row.decode("oauth_id", as: String.self),
            moderator: try row.decode("moderator", as: Bool.self),
            trusted: try row.decode("trusted", as: Bool.self),
            flagged: try row.decode("flagged", as: Bool.self),
            deleted: try row.decode("deleted", as: Bool.self),
            concurrency: try row.decode("concurrency", as: Int.self),
            customizer: row["customizer"].bool ?? false,
            service: row["service"].bool ?? false,
            education: row["education"].bool ?? false,
            special: row["special"].bool ?? false,
            vpn: row["vpn"].bool ?? false,
            suspicion: row["suspicion"].int ?? 0)
    }
}
