import Postgres

extension PostgresError {
    /// The statement can never succeed with these values (SQLSTATE class 22, data exception: a NUL character
    /// in text, a number out of range…). Retrying would block the partition forever, so the message is refused.
    var isPermanentDataError: Bool { sqlState?.hasPrefix("22") ?? false }
}
