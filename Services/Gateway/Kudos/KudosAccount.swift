import Domain
import Foundation
import Postgres

/// One side of a transfer or award as the gateway's account records show it. Read as `to_jsonb(row)`, so roles
/// other areas add to `gateway.users` (education, suspicion) are honoured as soon as their columns exist.
struct KudosAccount: Sendable, Equatable {
    /// The user id.
    var id: Int
    /// The alias without `#id`.
    var username: String
    /// `anon`, a provider id, or a UUID (pseudonymous).
    var oauthId: String
    /// The transfer rules' view.
    var party: KudosTransferParty

    /// The account of user `id`, or nil when there is none.
    static func load(id: Int, pool: PostgresPool) async throws -> KudosAccount? {
        let rows = try await pool.query("SELECT to_jsonb(u)::text AS record FROM gateway.users u WHERE u.id = \(id)")
        guard let text = rows.first?["record"].string,
            let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { return nil }
        return KudosAccount(record: object, id: id)
    }

    /// The account named `alias#id` (the alias must match), or nil.
    static func load(alias: String, pool: PostgresPool) async throws -> KudosAccount? {
        guard let hash = alias.lastIndex(of: "#"), let id = Int(alias[alias.index(after: hash)...]), id >= 0 else {
            return nil
        }
        guard let account = try await load(id: id, pool: pool),
            account.username == alias[..<hash].trimmingCharacters(in: .whitespaces)
        else { return nil }
        return account
    }

    private init(record: [String: Any], id: Int) {
        func flag(_ key: String) -> Bool {
            if let value = record[key] as? Bool { return value }
            if let value = record[key] as? Int { return value != 0 }
            return false
        }
        self.id = id
        username = record["username"] as? String ?? ""
        oauthId = record["oauth_id"] as? String ?? ""
        // Suspicion is a count in some schemas, a flag in others; five entries make a user suspicious.
        var suspicious = flag("suspicious")
        if let count = record["suspicious"] as? Int { suspicious = count >= 5 }
        if let count = record["suspicion"] as? Int { suspicious = suspicious || count >= 5 }
        if flag("trusted") || flag("moderator") { suspicious = false }
        party = KudosTransferParty(
            id: id, suspicious: suspicious, flagged: flag("flagged"), education: flag("education"),
            deleted: flag("deleted"))
    }
}
