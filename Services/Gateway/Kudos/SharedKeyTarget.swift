import Foundation
import Postgres

/// A shared key named as a transfer destination: its owner is credited and the key's budget grows. The accounts
/// area owns `gateway.shared_keys`; it is read as `to_jsonb(row)` (owner in `user_id` or `owner_id`, `expiry`), and
/// a deployment without that table simply has no shared keys.
struct SharedKeyTarget: Sendable, Equatable {
    /// The key.
    var id: UUID
    /// Its owner.
    var ownerId: Int
    /// Past its expiry.
    var expired: Bool

    /// The key `id`, or nil when there is none.
    static func load(id: UUID, pool: PostgresPool, now: Date = Date()) async throws -> SharedKeyTarget? {
        let exists = try await pool.query("SELECT to_regclass('gateway.shared_keys') IS NOT NULL AS present")
        guard exists.first?["present"].bool == true else { return nil }
        let rows = try await pool.query(
            "SELECT to_jsonb(k)::text AS record FROM gateway.shared_keys k WHERE k.id = \(id)")
        guard let text = rows.first?["record"].string,
            let record = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let owner = (record["user_id"] ?? record["owner_id"]) as? Int
        else { return nil }
        var expired = false
        if let expiry = record["expiry"] as? String, let date = Self.date(expiry) { expired = date < now }
        return SharedKeyTarget(id: id, ownerId: owner, expired: expired)
    }

    /// Parses Postgres' JSON timestamp (`2026-11-22T04:15:09.123+00:00`).
    static func date(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }
}
