import Foundation
import Messages
import Postgres
import ServiceKit

/// Stores accepted requests in `gateway.requests` and queues them for the scheduler, atomically from the
/// client's point of view: the command is published inside the transaction, before COMMIT, so either both
/// happen or the client gets an error and nothing is queued. (A publish acknowledged just before a failed COMMIT
/// leaves the scheduler a request the gateway does not know: submits for its jobs are refused, so it delivers
/// nothing and charges nothing before it faults or expires.)
struct RequestStore: Sendable {
    /// The gateway's database pool.
    let pool: PostgresPool
    /// Publishes to Kafka.
    let publisher: EventPublisher

    /// Inserts the row and publishes `RequestCommand.created` keyed by the request id.
    func queue(_ created: RequestCreated, storedParams: JSONValue, clientAgent: String, ipAddress: String) async throws {
        let params = String(decoding: try APICoding.encode(storedParams), as: UTF8.self)
        let publisher = self.publisher
        try await pool.withTransaction { connection in
            try await connection.execute(
                """
                INSERT INTO gateway.requests
                    (id, kind, user_id, n, params, models, kudos, webhook, client_agent, ipaddr, created_at, expires_at)
                VALUES (\(created.requestId), \(created.kind.rawValue), \(created.userId), \(created.n),
                    \(PostgresJSON(params)), \(created.models), \(created.kudosPerJob), \(created.webhook),
                    \(clientAgent), \(ipAddress), \(created.createdAt), \(created.expiresAt))
                """)
            try await publisher.publish(
                Topics.requests, key: created.requestId.apiString, RequestCommand.created(created),
                eventId: created.requestId, at: created.createdAt)
        }
    }
}
