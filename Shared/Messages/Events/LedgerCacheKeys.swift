/// Where the ledger mirrors balances in Redis for the gateway's reads. `prefix` is `HORDE_REDIS_PREFIX` (default
/// `horde:`); `namespace` is the ledger's instance id (`ledger.instance`, created with its schema), so hordes or test
/// clusters sharing one Redis never read each other's user ids. The ledger writes after each committed batch; the
/// gateway reads and falls back to Postgres on a miss. It is a cache: a lost or expired key costs one database read,
/// never data.
package enum LedgerCacheKeys {
    /// A string key holding an account's balance as decimal text (`12.50`), written with a TTL of
    /// `balanceTTLSeconds`.
    package static func balance(prefix: String, namespace: String, account: AccountRef) -> String {
        "\(prefix)ledger:\(namespace):balance:\(account.description)"
    }

    /// A string key holding a user's cached kudos summary (JSON, the gateway's format); the ledger deletes it
    /// whenever anything of that user changes.
    package static func summary(prefix: String, namespace: String, userId: Int) -> String {
        "\(prefix)ledger:\(namespace):summary:\(userId)"
    }

    /// How long a mirrored balance lives; it bounds how stale a balance can be if the ledger dies between its
    /// commit and its Redis write.
    package static let balanceTTLSeconds = 300
}
