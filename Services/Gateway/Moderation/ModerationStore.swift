import Foundation
import Postgres

/// The SQL of the moderation tables: modes, filters and IP blocks. Every change bumps a version in
/// `gateway.moderation_state`, which is how the other replicas notice it.
struct ModerationStore: Sendable {
    /// The gateway's pool.
    let pool: PostgresPool

    /// The columns `FilterRecord(row:)` reads.
    static let filterColumns = "id, regex, filter_type, description, replacement, author"

    /// The modes and the versions of the filters and blocks.
    func state() async throws -> (HordeModeFlags, filtersVersion: Int64, timeoutsVersion: Int64) {
        let rows = try await pool.query(
            """
            SELECT maintenance_mode, invite_only_mode, raid_mode, filters_version, timeouts_version
            FROM gateway.moderation_state WHERE id = 1
            """)
        guard let row = rows.first else { return (HordeModeFlags(), 0, 0) }
        let flags = HordeModeFlags(
            maintenance: row["maintenance_mode"].bool ?? false, inviteOnly: row["invite_only_mode"].bool ?? false,
            raid: row["raid_mode"].bool ?? false)
        return (flags, row["filters_version"].int64 ?? 0, row["timeouts_version"].int64 ?? 0)
    }

    /// Every filter, oldest first.
    func filters() async throws -> [FilterRecord] {
        try await pool.query("SELECT \(unsafeSQL: Self.filterColumns) FROM gateway.filters ORDER BY created_at, id")
            .map(FilterRecord.init(row:))
    }

    /// Active blocks, longest-lasting first.
    func blocks() async throws -> [IPBlock] {
        try await pool.query(
            "SELECT cidr, worker_id, expires_at FROM gateway.ip_timeouts WHERE expires_at > now() ORDER BY expires_at DESC"
        ).compactMap { row in
            guard let cidr = row["cidr"].string, let range = IPRange(cidr), let expires = row["expires_at"].date else {
                return nil
            }
            return IPBlock(range: range, expiresAt: expires, workerId: row["worker_id"].uuid)
        }
    }

    /// Sets the given modes (nil leaves a mode as it is) and returns all three.
    func setModes(maintenance: Bool?, inviteOnly: Bool?, raid: Bool?) async throws -> HordeModeFlags {
        let rows = try await pool.query(
            """
            UPDATE gateway.moderation_state SET
                maintenance_mode = coalesce(\(maintenance), maintenance_mode),
                invite_only_mode = coalesce(\(inviteOnly), invite_only_mode),
                raid_mode = coalesce(\(raid), raid_mode)
            WHERE id = 1
            RETURNING maintenance_mode, invite_only_mode, raid_mode
            """)
        guard let row = rows.first else { return HordeModeFlags() }
        return HordeModeFlags(
            maintenance: row["maintenance_mode"].bool ?? false, inviteOnly: row["invite_only_mode"].bool ?? false,
            raid: row["raid_mode"].bool ?? false)
    }

    /// Runs `body` in a transaction that also bumps the filters' version.
    @discardableResult
    func changingFilters<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await pool.withTransaction { connection in
            let value = try await body(connection)
            try await connection.execute(
                "UPDATE gateway.moderation_state SET filters_version = filters_version + 1 WHERE id = 1")
            return value
        }
    }

    /// Runs `body` in a transaction that also bumps the blocks' version.
    @discardableResult
    func changingBlocks<T: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await pool.withTransaction { connection in
            let value = try await body(connection)
            try await connection.execute(
                "UPDATE gateway.moderation_state SET timeouts_version = timeouts_version + 1 WHERE id = 1")
            return value
        }
    }
}
