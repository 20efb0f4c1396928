import Postgres

/// The anonymous account (user 0, seeded by the first migration) and its well-known key `0000000000`, stored
/// hashed like any other key. The hash depends on the deployment's salt, so it is written at start-up rather
/// than by a migration; inserting it is idempotent.
enum AnonymousAccount {
    /// The anonymous user's id.
    static let userId = 0

    /// Makes sure the anonymous key resolves to user 0 under the current salt.
    static func ensureKey(_ pool: PostgresPool, hasher: APIKeyHasher) async throws {
        try await pool.execute(
            """
            INSERT INTO gateway.api_keys (key_hash, user_id)
            VALUES (\(hasher.hash(APIKeyHasher.anonymousKey)), \(userId))
            ON CONFLICT (key_hash) DO NOTHING
            """)
    }
}
