import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Events written in the same transaction as the state change that caused them and published after commit;
/// whatever a crash left behind is published on the next drain. Ids are deterministic, so publishing twice is
/// harmless.
enum Outbox {
    /// Adds request events (to `topic`, key = the request id) to the outbox.
    static func insert(
        _ events: [(id: UUID, event: RequestEvent)], topic: String, key: UUID, at date: Date,
        _ connection: PostgresConnection
    ) async throws {
        for (id, event) in events {
            let envelope = Envelope(id: id, occurredAt: date, payload: event)
            let text = String(decoding: try WireCoding.encode(envelope), as: UTF8.self)
            try await connection.execute(
                """
                INSERT INTO scheduler.outbox (event_id, topic, key, envelope)
                VALUES (\(id), \(topic), \(key.uuidString.lowercased()), \(text))
                ON CONFLICT (event_id) DO NOTHING
                """)
        }
    }

    /// Publishes everything in the outbox, oldest first, deleting each batch once the broker acknowledged it.
    /// Returns how many events were published.
    @discardableResult
    static func drain(pool: PostgresPool, publisher: EventPublisher, batchSize: Int = 500) async throws -> Int {
        var published = 0
        while true {
            let rows = try await pool.query(
                """
                SELECT event_id, topic, key, envelope FROM scheduler.outbox
                ORDER BY created_at, event_id LIMIT \(batchSize)
                """)
            guard !rows.isEmpty else { return published }
            var sent: [UUID] = []
            for row in rows {
                let id = try row.decode("event_id", as: UUID.self)
                let bytes = Array(try row.decode("envelope", as: String.self).utf8)
                let envelope = try WireCoding.decode(RequestEvent.self, from: bytes)
                try await publisher.publish(
                    try row.decode("topic", as: String.self), key: try row.decode("key", as: String.self), envelope)
                sent.append(id)
            }
            try await pool.execute("DELETE FROM scheduler.outbox WHERE event_id = ANY(\(sent)::uuid[])")
            published += sent.count
            if rows.count < batchSize { return published }
        }
    }
}
