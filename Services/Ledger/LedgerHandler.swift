import Domain
import Foundation
import HordeCore
import Messages
import ServiceKit

/// Turns settled jobs (the request events topic) and operator adjustments (the ledger commands topic) into postings,
/// applies each business event once, then announces the new balances (`LedgerEvent.balanceChanged`). A replayed
/// event changes nothing and announces the current balances again under the same event ids.
struct LedgerHandler: Sendable {
    /// The ledger in Postgres.
    let store: LedgerStore
    /// Sends events and pop replies.
    let publisher: EventPublisher
    /// Where balance changes are announced.
    let ledgerEventsTopic: String
    /// Counters and gauges for `/metrics`.
    let metrics: LedgerMetrics
    /// Where this component logs.
    let logger: Logger

    /// Posts a settled job (other request events move no kudos).
    func handle(_ envelope: Envelope<RequestEvent>) async throws {
        guard case .jobCompleted(let job) = envelope.payload else { return }
        let postings: [LedgerPosting]
        do {
            postings = try LedgerPostingRules.postings(for: job)
        } catch {
            refuse(envelope.id, error)
            return
        }
        try await apply(eventId: job.jobId, type: envelope.type, occurredAt: job.completedAt, postings: postings)
    }

    /// Posts an operator adjustment.
    func handle(_ envelope: Envelope<LedgerCommand>) async throws {
        switch envelope.payload {
        case .adjust(let adjustment):
            let postings: [LedgerPosting]
            do {
                postings = try LedgerPostingRules.postings(for: adjustment)
            } catch {
                refuse(adjustment.eventId, error)
                return
            }
            try await apply(
                eventId: adjustment.eventId, type: envelope.type, occurredAt: adjustment.at, postings: postings)
        }
    }

    private func apply(eventId: UUID, type: String, occurredAt: Date, postings: [LedgerPosting]) async throws {
        let (applied, balances) = try await store.apply(
            eventId: eventId, type: type, occurredAt: occurredAt, postings: postings)
        (applied ? metrics.applied : metrics.duplicates).increment()
        for (account, cents) in balances.sorted(by: { $0.key.description < $1.key.description }) {
            // System accounts change with every job; nobody caches them.
            if case .system = account { continue }
            let changed = BalanceChanged(account: account, balance: Double(cents) / 100, causedBy: eventId)
            let id = DeterministicID.make("balance-changed", eventId.uuidString.lowercased(), account.description)
            try await publisher.publish(
                ledgerEventsTopic, key: account.description,
                Envelope(id: id, occurredAt: occurredAt, payload: LedgerEvent.balanceChanged(changed)))
        }
    }

    private func refuse(_ eventId: UUID, _ error: any Error) {
        metrics.refused.increment()
        logger.warning("ledger event refused", ["event.id": eventId.uuidString, "error": "\(error)"])
    }
}
