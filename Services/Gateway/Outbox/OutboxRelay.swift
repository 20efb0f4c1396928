import Foundation
import HordeCore
import Kafka
import Postgres
import ServiceKit
import Synchronization

/// Sends the events the gateway committed to `gateway.outbox` (accepted requests, delivered generations and
/// forms) without the request waiting for the broker: the handler commits the event with its change, hands it
/// here and answers; the send runs on its own task. Acknowledged events are deleted in one statement every
/// 100 ms. Every `sweepInterval`, one replica (a transaction-scoped advisory lock) sends again the events older
/// than `republishAfter`: their first send was lost (the gateway stopped after COMMIT, the broker failed). Event
/// ids are deterministic and the scheduler idempotent on them, so an event sent twice changes nothing.
final class OutboxRelay: Sendable {
    /// `gateway.outbox`.
    static let table = OutboxTable(schema: "gateway")
    /// How often acknowledged events are deleted.
    static let deleteInterval: Duration = .milliseconds(100)
    /// Most acknowledged ids held for deletion while PostgreSQL fails; the sweep republishes and deletes any
    /// beyond (a second copy is harmless).
    static let maxPendingDeletes = 100_000

    private let pool: PostgresPool
    private let publisher: EventPublisher
    private let config: OutboxConfig
    private let logger: Logger
    /// Ids of acknowledged events not deleted yet.
    private let acknowledged = Mutex<[UUID]>([])
    /// Ids of events sent and not acknowledged (or failed) yet: the sweep leaves them alone, since sending them
    /// again while the broker is merely slow would only add to its load.
    private let sending = Mutex<Set<UUID>>([])
    private let depth = MetricsRegistry.shared.gauge(
        "horde_gateway_outbox_depth", help: "Events in gateway.outbox at the last sweep")
    private let inFlight = MetricsRegistry.shared.gauge(
        "horde_gateway_outbox_in_flight", help: "Committed events sent to Kafka and not acknowledged yet")
    private let republished = MetricsRegistry.shared.counter(
        "horde_gateway_outbox_republished_total", help: "Events the outbox sweep sent again")
    private let sendFailures = MetricsRegistry.shared.counter(
        "horde_gateway_outbox_send_failures_total", help: "First sends of committed events that failed")

    /// A relay over the gateway's pool and producer; `start()` runs its deletes and sweeps.
    init(pool: PostgresPool, publisher: EventPublisher, config: OutboxConfig, logger: Logger) {
        self.pool = pool
        self.publisher = publisher
        self.config = config
        self.logger = logger.child("outbox")
    }

    /// Sends events whose rows were just committed, and returns at once. Each goes straight to the producer, whose
    /// event thread records the answer (no task or thread hand-off per event); a full producer queue falls back to
    /// a task that waits for space. A failed send leaves the row for the sweep.
    func send(_ events: [OutboxEvent]) {
        for event in events {
            inFlight.increment()
            sending.withLock { _ = $0.insert(event.id) }
            do {
                try publisher.enqueue(event) { [self] outcome in record(event, outcome) }
            } catch let error where error.code == .queueFull {
                Task { [self] in
                    do {
                        try await publisher.publish(event)
                        record(event, .success(()))
                    } catch {
                        record(event, .failure(error))
                    }
                }
            } catch {
                record(event, .failure(error))
            }
        }
    }

    /// Records the broker's answer for a sent event: an acknowledged one is deleted by the next round.
    private func record(_ event: OutboxEvent, _ outcome: Result<Void, any Error>) {
        sending.withLock { _ = $0.remove(event.id) }
        inFlight.decrement()
        switch outcome {
        case .success:
            acknowledged.withLock { ids in
                if ids.count < Self.maxPendingDeletes { ids.append(event.id) }
            }
        case .failure(let error):
            sendFailures.increment()
            logger.notice(
                "event send failed; the outbox sweep will send it again",
                ["event.id": event.id.uuidString, "kafka.topic": event.topic, "error": "\(error)"])
        }
    }

    /// Whether the event `id` was sent by this relay and its acknowledgement (or failure) has not come yet.
    func isSending(_ id: UUID) -> Bool {
        sending.withLock { $0.contains(id) }
    }

    /// Deletes the acknowledged events in one statement; returns how many. On failure they are kept for the next
    /// call.
    @discardableResult
    func deleteAcknowledged() async -> Int {
        let ids = acknowledged.withLock { ids in
            defer { ids = [] }
            return ids
        }
        guard !ids.isEmpty else { return 0 }
        do {
            try await Self.table.delete(ids, pool)
            return ids.count
        } catch {
            acknowledged.withLock { pending in
                pending = Array((ids + pending).prefix(Self.maxPendingDeletes))
            }
            logger.warning("deleting acknowledged outbox events failed", ["error": "\(error)"])
            return 0
        }
    }

    /// Sends again the events older than `republishAfter` that this replica is not still sending, and deletes
    /// them, unless another replica is sweeping; then records the outbox depth. Returns how many events were sent
    /// again (nil: another replica swept).
    @discardableResult
    func sweep() async throws -> Int? {
        let publisher = self.publisher
        let age = config.republishAfter
        let sending = Array(self.sending.withLock { $0 })
        let sent: Int? = try await pool.withTransaction { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtextextended(\(Self.table.name), 0)) AS locked"
            ).first?.decode("locked", as: Bool.self)
            guard locked == true else { return nil }
            return try await Self.table.drain(connection, publisher: publisher, olderThan: age, excluding: sending)
        }
        if let sent, sent > 0 {
            republished.increment(by: sent)
            logger.notice("outbox events sent again", ["outbox.republished": String(sent)])
        }
        depth.set(try await Self.table.count(pool))
        return sent
    }

    /// Waits up to `timeout` for the sends in flight, then deletes what was acknowledged, so a stopping gateway
    /// leaves behind only events the broker never confirmed (the next start's sweep sends those again).
    func finish(timeout: Duration = .seconds(5)) async {
        let deadline = ContinuousClock.now + timeout
        while sending.withLock({ !$0.isEmpty }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        await deleteAcknowledged()
    }

    /// Does nothing until graceful shutdown, then `finish()`es. Listed before the API server, it runs once the
    /// server has stopped taking requests (services stop in reverse order) and before the pool and the producer
    /// close.
    func shutdownService() -> ClosureService {
        ClosureService(name: "outbox") { [self] in
            await gracefulShutdownTriggered()
            await finish()
        }
    }

    /// Runs the deletes and the sweeps on a task of their own, until the relay is released.
    func start() {
        let sweepInterval = config.sweepInterval
        Task { [weak self] in
            var nextSweep = ContinuousClock.now + sweepInterval
            while !Task.isCancelled {
                try? await Task.sleep(for: Self.deleteInterval)
                guard let self else { return }
                await self.deleteAcknowledged()
                guard ContinuousClock.now >= nextSweep else { continue }
                nextSweep = ContinuousClock.now + sweepInterval
                do {
                    try await self.sweep()
                } catch {
                    self.logger.warning("outbox sweep failed", ["error": "\(error)"])
                }
            }
        }
    }
}
