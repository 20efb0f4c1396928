import Foundation
import Messages
import Postgres
import ServiceKit

/// Stores accepted requests in `gateway.requests` and queues them for the scheduler: one INSERT (its own
/// transaction), then one Kafka send, with no PostgreSQL connection held while the broker acknowledges (holding
/// one would cap the accept rate at pool size ÷ ack latency). A failed send removes the row again, so the client's
/// error means nothing was queued. A crash between the two leaves a stored request the scheduler never saw: its
/// status reads "waiting" until it expires, nothing is charged and no worker spends time on it.
struct RequestStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Publishes to Kafka.
    let publisher: EventPublisher

    /// Inserts the request's row.
    func insert(_ created: RequestCreated, storedParams: JSONValue, clientAgent: String, ipAddress: String)
        async throws
    {
        let params = String(decoding: try APICoding.encode(storedParams), as: UTF8.self)
        try await pool.execute(
            """
            INSERT INTO gateway.requests
                (id, kind, user_id, n, params, models, kudos, webhook, client_agent, ipaddr, created_at, expires_at)
            VALUES (\(created.requestId), \(created.kind.rawValue), \(created.userId), \(created.n),
                \(PostgresJSON(params)), \(created.models), \(created.kudosPerJob), \(created.webhook),
                \(clientAgent), \(ipAddress), \(created.createdAt), \(created.expiresAt))
            """)
    }

    /// Publishes `RequestCommand.created` keyed by the request id; on failure the inserted row is removed.
    func publish(_ created: RequestCreated) async throws {
        do {
            try await publisher.publish(
                Topics.requests, key: created.requestId.apiString, RequestCommand.created(created),
                eventId: created.requestId, at: created.createdAt)
        } catch {
            await remove(created.requestId)
            throw error
        }
    }

    /// Removes a row whose request could not be queued. Best effort: a row left behind only reads as "waiting"
    /// until it expires.
    func remove(_ id: UUID) async {
        _ = try? await pool.execute("DELETE FROM gateway.requests WHERE id = \(id)")
    }
}
