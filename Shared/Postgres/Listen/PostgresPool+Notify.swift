extension PostgresConnection {
    /// Sends a notification on `channel` (`pg_notify`); inside a transaction it is delivered on commit.
    /// The payload must be shorter than 8000 bytes.
    package func notify(channel: String, payload: String = "") async throws {
        guard payload.utf8.count < 8000 else {
            throw PostgresError(.invalidQuery, message: "NOTIFY payloads must be shorter than 8000 bytes")
        }
        try await execute("SELECT pg_notify(\(channel), \(payload))")
    }
}

extension PostgresPool {
    /// Sends a notification on `channel` from any connection. The payload must be shorter than 8000 bytes.
    package nonisolated func notify(channel: String, payload: String = "") async throws {
        try await withConnection { try await $0.notify(channel: channel, payload: payload) }
    }
}
