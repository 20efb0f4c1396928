import Postgres
import Synchronization

/// The ledger's instance id (`ledger.instance`), which namespaces its Redis mirror; read once and kept. Until the
/// ledger has created its schema there is none, and balance reads go to Postgres.
final class LedgerMirrorNamespace: Sendable {
    private let value = Mutex<String?>(nil)
    private let pool: PostgresPool

    /// A namespace read from `pool` on first use.
    init(pool: PostgresPool) { self.pool = pool }

    /// The namespace, or nil while the ledger's schema does not exist yet.
    func current() async -> String? {
        if let known = value.withLock({ $0 }) { return known }
        guard let rows = try? await pool.query("SELECT id::text AS id FROM ledger.instance LIMIT 1"),
            let id = rows.first?["id"].string
        else { return nil }
        value.withLock { $0 = id }
        return id
    }
}
