import Foundation
import HordeCore
import Messages
import Postgres
import ServiceKit

/// Events written in the same transaction as the state change that caused them and published after commit;
/// whatever a crash left behind is published on the next drain. Ids are deterministic, so publishing twice is
/// harmless. The table and the drain are the shared `OutboxTable`.
enum Outbox {
    /// `scheduler.outbox`.
    static let table = OutboxTable(schema: SchedulerMigrations.schema)

    /// Adds request events (to `topic`, key = the request id) to the outbox.
    static func insert(
        _ events: [(id: UUID, event: RequestEvent)], topic: String, key: UUID, at date: Date,
        _ connection: PostgresConnection
    ) async throws {
        let rows = try events.map { id, event in
            try OutboxEvent(
                topic: topic, key: key.uuidString.lowercased(), Envelope(id: id, occurredAt: date, payload: event))
        }
        try await table.insert(rows, connection)
    }

    /// Publishes everything in the outbox, oldest first, deleting each batch's events once the broker acknowledged
    /// them. Returns how many events were published.
    @discardableResult
    static func drain(pool: PostgresPool, publisher: EventPublisher, batchSize: Int = 500) async throws -> Int {
        try await table.drain(pool, publisher: publisher, batchSize: batchSize)
    }
}
