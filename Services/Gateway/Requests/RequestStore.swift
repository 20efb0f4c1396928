import Foundation
import Messages
import Postgres
import ServiceKit

/// Stores accepted requests in `gateway.requests` and queues them for the scheduler: the row and its
/// `RequestCreated` in `gateway.outbox` are written by one statement (one round trip, one transaction), and the
/// event is sent after COMMIT without the client waiting for the broker (`OutboxRelay`). So a failed write means
/// nothing was queued, and a stored request always reaches the scheduler, after a crash through the sweep.
struct RequestStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Sends the committed event.
    let outbox: OutboxRelay

    /// Writes the request's row and its `RequestCommand.created` (keyed and identified by the request id), then
    /// hands the event to the relay.
    func store(_ created: RequestCreated, storedParams: JSONValue, clientAgent: String, ipAddress: String)
        async throws
    {
        let params = String(decoding: try APICoding.encode(storedParams), as: UTF8.self)
        let event = try OutboxEvent(
            Topics.requests, key: created.requestId.apiString, RequestCommand.created(created),
            eventId: created.requestId, at: created.createdAt)
        try await pool.execute(
            """
            WITH request AS (
                INSERT INTO gateway.requests
                    (id, kind, user_id, n, params, models, kudos, webhook, client_agent, ipaddr, created_at,
                    expires_at)
                VALUES (\(created.requestId), \(created.kind.rawValue), \(created.userId), \(created.n),
                    \(PostgresJSON(params)), \(created.models), \(created.kudosPerJob), \(created.webhook),
                    \(clientAgent), \(ipAddress), \(created.createdAt), \(created.expiresAt))
            )
            INSERT INTO \(unsafeSQL: OutboxRelay.table.name) (event_id, topic, key, envelope)
            VALUES (\(event.id), \(event.topic), \(event.key), \(event.envelope))
            """)
        outbox.send([event])
    }
}
