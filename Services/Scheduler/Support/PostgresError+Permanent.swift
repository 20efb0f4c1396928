import Postgres

extension PostgresError {
    /// The statement can never succeed with these values (SQLSTATE class 22, data exception: a NUL character
    /// in JSON, a number out of range…; or a value refused before it was sent, such as text holding a NUL
    /// character). Retrying would block the partition forever, so the message is refused.
    var isPermanentDataError: Bool { code == .invalidQuery || (sqlState?.hasPrefix("22") ?? false) }
}
