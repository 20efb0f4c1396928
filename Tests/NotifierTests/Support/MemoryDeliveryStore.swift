import Foundation
import Synchronization

@testable import Notifier

/// An in-memory `DeliveryStore` for unit tests of the delivery logic.
final class MemoryDeliveryStore: DeliveryStore {
    struct Row {
        var delivery: Delivery
        var attempts: [DeliveryAttempt] = []
        var published = false
        var leaseHeld = true
        var error: String?
        var retryAfter: [Duration?] = []
    }

    let rows = Mutex<[UUID: Row]>([:])
    let generations = Mutex<[UUID: GenerationRecord]>([:])

    func row(_ id: UUID) -> Row? { rows.withLock { $0[id] } }

    func insert(_ delivery: Delivery) async throws -> Bool {
        rows.withLock { rows in
            guard rows[delivery.id] == nil else { return false }
            rows[delivery.id] = Row(delivery: delivery)
            return true
        }
    }

    func claimAbandoned(limit: Int) async throws -> [Delivery] {
        rows.withLock { rows in
            var claimed: [Delivery] = []
            for (id, row) in rows where row.delivery.state == .pending && !row.leaseHeld && claimed.count < limit {
                rows[id]?.leaseHeld = true
                claimed.append(row.delivery)
            }
            return claimed
        }
    }

    func renewLease(_ id: UUID) async throws -> Bool {
        rows.withLock { $0[id].map { $0.leaseHeld && $0.delivery.state == .pending } ?? false }
    }

    func recordAttempt(_ id: UUID, _ attempt: DeliveryAttempt, retryAfter: Duration?) async throws -> Bool {
        rows.withLock { rows in
            guard var row = rows[id], row.leaseHeld, row.delivery.state == .pending else { return false }
            row.retryAfter.append(retryAfter)
            if retryAfter != nil { row.leaseHeld = false }
            row.delivery.attempts += 1
            row.attempts.append(attempt)
            row.delivery.lastStatus = attempt.status ?? row.delivery.lastStatus
            rows[id] = row
            return true
        }
    }

    func nextDue() async throws -> Date? { nil }

    func pendingCount() async throws -> Int { rows.withLock { $0.values.filter { $0.delivery.state == .pending }.count } }

    func finish(_ id: UUID, state: Delivery.State, lastStatus: Int?, error: String?) async throws -> Bool {
        rows.withLock { rows in
            guard var row = rows[id], row.leaseHeld, row.delivery.state == .pending else { return false }
            row.delivery.state = state
            row.delivery.lastStatus = lastStatus ?? row.delivery.lastStatus
            row.error = error
            rows[id] = row
            return true
        }
    }

    func unpublishedOutcomes(limit: Int) async throws -> [Delivery] {
        rows.withLock { rows in
            Array(rows.values.filter { $0.delivery.state != .pending && !$0.published }.map(\.delivery).prefix(limit))
        }
    }

    func markPublished(_ id: UUID) async throws { rows.withLock { $0[id]?.published = true } }

    func generation(jobId: UUID) async throws -> GenerationRecord? { generations.withLock { $0[jobId] } }
}
