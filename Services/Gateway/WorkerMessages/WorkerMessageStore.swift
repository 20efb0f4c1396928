import Foundation
import Messages
import Postgres

/// `gateway.worker_messages`: messages to workers' owners (a null worker id is a broadcast to every worker).
struct WorkerMessageStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool

    /// The columns `message(_:)` reads.
    static let columns = "m.id, m.worker_id, m.author_id, m.message, m.origin, m.expires_at, m.created_at"

    /// Unexpired messages for worker `id`, broadcasts included, newest first.
    func active(forWorker id: UUID, now: Date = Date()) async throws -> [ResponseModelMessage] {
        let rows = try await pool.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM gateway.worker_messages m
            WHERE (m.worker_id = \(id) OR m.worker_id IS NULL) AND m.expires_at > \(now)
            ORDER BY m.created_at DESC, m.id LIMIT 50
            """)
        return try rows.map(Self.message)
    }

    /// A message from a row holding `columns`; `expiry` is the whole hours left (at least 0).
    static func message(_ row: PostgresRow) throws -> ResponseModelMessage {
        let expiresAt = try row.decode("expires_at", as: Date.self)
        return ResponseModelMessage(
            id: try row.decode("id", as: UUID.self).apiString, workerId: row["worker_id"].uuid?.apiString,
            message: try row.decode("message", as: String.self), origin: row["origin"].string,
            expiry: max(0, Int((expiresAt.timeIntervalSinceNow / 3600).rounded(.up))), expiresAt: expiresAt)
    }
}
