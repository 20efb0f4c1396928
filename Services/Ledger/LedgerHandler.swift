import Domain
import Foundation
import HordeCore
import Messages
import Redis
import ServiceKit

/// Turns request events (settled jobs, queued and finished requests) and ledger commands (adjustments, transfers,
/// grants, reservations) into ledger operations, applies each business event once per batch, then mirrors the new
/// balances to Redis for the gateway and announces them (`LedgerEvent.balanceChanged`), with any promotions and
/// refusals. A replayed event changes nothing and announces the current balances again under the same ids.
struct LedgerHandler: Sendable {
    /// The ledger in Postgres.
    let store: LedgerStore
    /// Sends events (nil: nothing is announced, for tools and tests).
    let publisher: EventPublisher?
    /// Where balance changes are announced.
    let ledgerEventsTopic: String
    /// Counters and gauges for `/metrics`.
    let metrics: LedgerMetrics
    /// Where this component logs.
    let logger: Logger
    /// The balance mirror (nil: none).
    var cache: LedgerCache? = nil
    /// Keeps batches and their mirror writes in commit order.
    let order = AsyncLock()

    /// The ledger operation of a request event, with its idempotency id; nil for events that move nothing.
    static func input(_ envelope: Envelope<RequestEvent>) -> LedgerInput? {
        switch envelope.payload {
        case .jobCompleted(let job):
            return LedgerInput(eventId: job.jobId, type: envelope.type, occurredAt: job.completedAt, operation: .settle(job))
        case .queued(let request):
            // Keyed by the request, so a re-published `request.queued` counts once.
            let id = DeterministicID.make("ledger-queued", request.requestId.uuidString.lowercased())
            return LedgerInput(eventId: id, type: envelope.type, occurredAt: envelope.occurredAt, operation: .queued(request))
        case .finished(let finished):
            let id = DeterministicID.make("ledger-finished", finished.requestId.uuidString.lowercased())
            return LedgerInput(
                eventId: id, type: envelope.type, occurredAt: finished.finishedAt, operation: .finished(finished))
        case .jobsStarted, .jobFailed:
            return nil
        }
    }

    /// The ledger operation of a command, keyed by the command's own event id.
    static func input(_ envelope: Envelope<LedgerCommand>) -> LedgerInput {
        let command = envelope.payload
        let at: Date
        switch command {
        case .adjust(let value): at = value.at
        case .transfer(let value): at = value.at
        case .grant(let value): at = value.at
        case .reserve(let value): at = value.at
        case .release(let value): at = value.at
        }
        return LedgerInput(eventId: command.eventId, type: envelope.type, occurredAt: at, operation: LedgerOperation(command))
    }

    /// Applies one request event.
    func handle(_ envelope: Envelope<RequestEvent>) async throws {
        try await apply(Self.input(envelope).map { [$0] } ?? [])
    }

    /// Applies one command.
    func handle(_ envelope: Envelope<LedgerCommand>) async throws {
        try await apply([Self.input(envelope)])
    }

    /// Applies a batch of request events.
    func handle(_ envelopes: [Envelope<RequestEvent>]) async throws {
        try await apply(envelopes.compactMap(Self.input))
    }

    /// Applies a batch of commands.
    func handle(_ envelopes: [Envelope<LedgerCommand>]) async throws {
        try await apply(envelopes.map(Self.input))
    }

    /// Applies `inputs` in one transaction, then mirrors and announces the outcome.
    func apply(_ inputs: [LedgerInput]) async throws {
        guard !inputs.isEmpty else { return }
        let store = self.store
        let cache = self.cache
        let result = try await order.withLock {
            let result = try await store.apply(inputs)
            if let cache { await cache.mirror(result) }
            return result
        }
        metrics.applied.increment(by: result.applied - result.refusals.count)
        metrics.duplicates.increment(by: result.duplicates)
        metrics.refused.increment(by: result.refusals.count)
        for refusal in result.refusals {
            logger.info("ledger event refused", ["event.id": refusal.eventId.uuidString, "rc": refusal.rc.rawValue])
        }
        try await announce(result)
    }

    private func announce(_ result: LedgerBatchResult) async throws {
        guard let publisher else { return }
        var messages: [(key: String, envelope: Envelope<LedgerEvent>)] = []
        for (account, value) in result.balances {
            // System accounts change with every job; nobody caches them.
            if case .system = account { continue }
            let changed = BalanceChanged(account: account, balance: Double(value.cents) / 100, causedBy: value.causedBy)
            let id = DeterministicID.make("balance-changed", value.causedBy.uuidString.lowercased(), account.description)
            messages.append((account.description, Envelope(id: id, occurredAt: value.at, payload: .balanceChanged(changed))))
        }
        for promotion in result.promotions {
            let id = DeterministicID.make("trust-promoted", promotion.causedBy.uuidString.lowercased(), "\(promotion.userId)")
            messages.append(("user:\(promotion.userId)", Envelope(id: id, occurredAt: promotion.at, payload: .trustPromoted(promotion))))
        }
        for refusal in result.refusals {
            let id = DeterministicID.make("command-refused", refusal.eventId.uuidString.lowercased())
            let payload = LedgerEvent.commandRefused(CommandRefused(eventId: refusal.eventId, reason: refusal.rc.rawValue, at: refusal.at))
            messages.append((refusal.eventId.uuidString.lowercased(), Envelope(id: id, occurredAt: refusal.at, payload: payload)))
        }
        // Sent concurrently: the producer pipelines them, so a large batch costs about one round trip.
        let topic = ledgerEventsTopic
        try await withThrowingTaskGroup(of: Void.self) { group in
            for message in messages {
                group.addTask { try await publisher.publish(topic, key: message.key, message.envelope) }
            }
            try await group.waitForAll()
        }
    }
}
