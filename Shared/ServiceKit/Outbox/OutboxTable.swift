import Foundation
import HordeCore
import Postgres

/// A service's outbox table (`<schema>.outbox`: `event_id uuid` primary key, `topic`, `key`, `envelope text`,
/// `created_at timestamptz DEFAULT now()`): events written in the same transaction as the change that caused
/// them and deleted once the broker acknowledged them. Whatever a crash or a broker outage left behind is sent
/// again by `drain`; event ids are deterministic and consumers idempotent on them, so a second copy is harmless.
package struct OutboxTable: Sendable {
    /// The qualified table name, spliced into the SQL: a constant of the code, never input.
    package let name: String

    /// The `outbox` table of `schema`.
    package init(schema: String) {
        name = schema + ".outbox"
    }

    /// The statement that adds `event`; it changes nothing when an event with the same id is already there.
    package func insertStatement(_ event: OutboxEvent) -> PostgresQuery {
        """
        INSERT INTO \(unsafeSQL: name) (event_id, topic, key, envelope)
        VALUES (\(event.id), \(event.topic), \(event.key), \(event.envelope))
        ON CONFLICT (event_id) DO NOTHING
        """
    }

    /// Adds `events` on `connection`, inside the transaction of the change that caused them.
    package func insert(_ events: [OutboxEvent], _ connection: PostgresConnection) async throws {
        for event in events { try await connection.execute(insertStatement(event)) }
    }

    /// Removes events the broker acknowledged.
    package func delete(_ ids: [UUID], _ pool: PostgresPool) async throws {
        guard !ids.isEmpty else { return }
        try await pool.execute("DELETE FROM \(unsafeSQL: name) WHERE event_id = ANY(\(ids)::uuid[])")
    }

    /// How many events the table holds.
    package func count(_ pool: PostgresPool) async throws -> Int {
        try await pool.query("SELECT count(*) AS n FROM \(unsafeSQL: name)").first?.decode("n", as: Int.self) ?? 0
    }

    /// Publishes the events written at least `olderThan` ago (every event when nil), oldest first, and deletes
    /// them; each statement on any connection of `pool`. Returns how many were published. See
    /// `drain(run:publisher:olderThan:excluding:batchSize:)`.
    @discardableResult
    package func drain(
        _ pool: PostgresPool, publisher: EventPublisher, olderThan: Duration? = nil, batchSize: Int = 500
    ) async throws -> Int {
        try await drain(
            run: { try await pool.query($0) }, publisher: publisher, olderThan: olderThan, excluding: [],
            batchSize: batchSize)
    }

    /// Like `drain(_:publisher:olderThan:batchSize:)`, every statement on `connection` (which may hold a lock that
    /// keeps other replicas from draining at the same time), leaving out the events `excluding` names (sends
    /// still waiting for their acknowledgement: sending them again would only add load to a slow broker).
    @discardableResult
    package func drain(
        _ connection: PostgresConnection, publisher: EventPublisher, olderThan: Duration? = nil,
        excluding: [UUID] = [], batchSize: Int = 500
    ) async throws -> Int {
        try await drain(
            run: { try await connection.query($0) }, publisher: publisher, olderThan: olderThan,
            excluding: excluding, batchSize: batchSize)
    }

    /// Reads `batchSize` events at a time, sends them (one key's events one after the other, in table order, so
    /// they keep their order on the partition; different keys at once) and deletes those acknowledged before
    /// reading more. A failed send ends the drain with its error once the acknowledged events are deleted; the
    /// others stay for the next drain. The age is measured by the database's clock, the one `created_at` uses.
    private func drain(
        run: @Sendable (PostgresQuery) async throws -> [PostgresRow], publisher: EventPublisher,
        olderThan: Duration?, excluding: [UUID], batchSize: Int
    ) async throws -> Int {
        var published = 0
        while true {
            let rows = try await run(
                olderThan.map { age in
                    """
                    SELECT event_id, topic, key, envelope FROM \(unsafeSQL: name)
                    WHERE created_at <= now() - \(age.seconds) * interval '1 second'
                        AND NOT (event_id = ANY(\(excluding)::uuid[]))
                    ORDER BY created_at, event_id LIMIT \(batchSize)
                    """
                } ?? """
                    SELECT event_id, topic, key, envelope FROM \(unsafeSQL: name)
                    WHERE NOT (event_id = ANY(\(excluding)::uuid[]))
                    ORDER BY created_at, event_id LIMIT \(batchSize)
                    """)
            guard !rows.isEmpty else { return published }
            let events = try rows.map { row in
                try OutboxEvent(
                    id: try row.decode("event_id", as: UUID.self), topic: try row.decode("topic", as: String.self),
                    key: try row.decode("key", as: String.self), envelope: try row.decode("envelope", as: String.self))
            }
            let (sent, failure) = await Self.send(events, publisher: publisher)
            if !sent.isEmpty {
                _ = try await run("DELETE FROM \(unsafeSQL: name) WHERE event_id = ANY(\(sent)::uuid[])")
            }
            published += sent.count
            if let failure { throw failure }
            if rows.count < batchSize { return published }
        }
    }

    /// Sends `events`, each key's in order and different keys concurrently; returns the acknowledged ids and the
    /// first failure, if any (a key's later events are not sent after one of its events failed).
    private static func send(_ events: [OutboxEvent], publisher: EventPublisher) async -> ([UUID], (any Error)?) {
        var byKey: [String: [OutboxEvent]] = [:]
        var keys: [String] = []
        for event in events {
            if byKey[event.key] == nil { keys.append(event.key) }
            byKey[event.key, default: []].append(event)
        }
        return await withTaskGroup(of: ([UUID], (any Error)?).self) { group in
            for key in keys {
                let queue = byKey[key] ?? []
                group.addTask {
                    var sent: [UUID] = []
                    for event in queue {
                        do {
                            try await publisher.publish(event)
                        } catch {
                            return (sent, error)
                        }
                        sent.append(event.id)
                    }
                    return (sent, nil)
                }
            }
            var sent: [UUID] = []
            var failure: (any Error)?
            for await (ids, error) in group {
                sent += ids
                if failure == nil { failure = error }
            }
            return (sent, failure)
        }
    }
}
