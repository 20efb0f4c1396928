import Foundation
import Messages
import Postgres

/// A user's unfinished requests (`active_generations` of their private record): not expired, and still waiting
/// or running as far as the scheduler's read model says (a request it has not seen yet counts as waiting).
struct ActiveGenerationsReader: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// At most this many ids are listed per kind.
    static let limit = 100

    /// The request ids of user `userId` by kind.
    func active(ofUser userId: Int, now: Date = Date()) async throws -> UserActiveGenerations {
        let rows: [PostgresRow]
        do {
            rows = try await pool.query(
                """
                SELECT r.id, r.kind FROM gateway.requests r LEFT JOIN scheduler.requests s ON s.id = r.id
                WHERE r.user_id = \(userId) AND r.expires_at > \(now) AND coalesce(s.state, 'waiting') = 'waiting'
                ORDER BY r.created_at LIMIT \(Self.limit * 3)
                """)
        } catch where error.isUndefinedTable {
            rows = try await pool.query(
                """
                SELECT r.id, r.kind FROM gateway.requests r
                WHERE r.user_id = \(userId) AND r.expires_at > \(now)
                ORDER BY r.created_at LIMIT \(Self.limit * 3)
                """)
        }
        var generations = UserActiveGenerations()
        for row in rows {
            guard let id = row["id"].uuid?.apiString else { continue }
            switch row["kind"].string {
            case "image": if generations.image.count < Self.limit { generations.image.append(id) }
            case "text": if generations.text.count < Self.limit { generations.text.append(id) }
            default: if generations.alchemy.count < Self.limit { generations.alchemy.append(id) }
            }
        }
        return generations
    }
}
