/// A statement prepared once per connection and then run by name, for hot paths that run the same SQL often.
///
/// ```swift
/// struct BalanceOf: PostgresPreparedStatement {
///     static let sql = "SELECT kudos FROM ledger.balances WHERE user_id = $1"
///     let userID: Int
///     var binds: [PostgresBind] { [userID.postgresBind] }
/// }
/// let rows = try await connection.query(BalanceOf(userID: 7))
/// ```
/// Each connection prepares it lazily on first use, with the parameter types of that first call's binds
/// (an `Optional`'s `nil` keeps its wrapped type, so the types stay stable). If the server forgot it
/// (`DEALLOCATE`, SQLSTATE 26000) it is prepared once more.
package protocol PostgresPreparedStatement: Sendable {
    /// The server-side name. Default: derived from the type's name.
    static var name: String { get }
    /// The SQL, with `$1…$n` for the binds.
    static var sql: String { get }
    /// The values for `$1…$n`, in order.
    var binds: [PostgresBind] { get }
}

extension PostgresPreparedStatement {
    /// The type's qualified name, or a short hash of it when it exceeds PostgreSQL's 63-byte identifier limit.
    package static var name: String {
        let full = String(reflecting: Self.self)
        guard full.utf8.count > 63 else { return full }
        return String(decoding: full.utf8.prefix(40), as: UTF8.self) + "_" + String(FNV1a.hash(full), radix: 16)
    }
}
