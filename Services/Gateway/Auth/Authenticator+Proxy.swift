import HTTP
import Postgres

extension Authenticator {
    /// The address a request is attributed to: the `Proxied-For` header when the request carries a valid service
    /// passkey in `Proxy-Authorization` (the passkey of a non-flagged service account), otherwise the peer's
    /// address. Unlike the reference, which accepts any passkey once one exists, the passkey itself is checked.
    func clientAddress(_ request: HTTPRequest) async throws -> String {
        guard let proxied = request.headers["Proxied-For"]?.trimmingCharacters(in: .whitespaces), !proxied.isEmpty,
            !proxied.unicodeScalars.contains("\0"),
            let passkey = request.headers["Proxy-Authorization"]?.trimmingCharacters(in: .whitespaces),
            !passkey.isEmpty
        else { return request.remoteAddress }
        guard try await isServicePasskey(passkey) else { return request.remoteAddress }
        // A proxy may append its own hops: the first entry is the original client.
        let first = proxied.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) }
        return first.flatMap { $0.isEmpty ? nil : String($0.prefix(64)) } ?? request.remoteAddress
    }

    /// True when `passkey` belongs to a non-flagged service account (cached briefly, hits and misses alike).
    func isServicePasskey(_ passkey: String) async throws -> Bool {
        struct CachedPasskey: Codable { var valid: Bool }
        let hash = hash(passkey)
        if let cached = await cache.get("pk:" + hash, as: CachedPasskey.self) { return cached.valid }
        let rows = try await pool.query(
            """
            SELECT id FROM gateway.users
            WHERE proxy_passkey_hash = \(hash) AND service AND NOT flagged AND NOT deleted
            """)
        let valid = !rows.isEmpty
        await cache.set("pk:" + hash, CachedPasskey(valid: valid), ttl: .seconds(5))
        return valid
    }
}
