import Domain
import Foundation
import Messages

/// Each worker's uptime clock, fed by its pops: the scheduler sees every pop of a worker (pops are keyed by worker
/// id), so it can tell when a worker has been online for a whole reward period. Lost at restart: a worker's clock
/// then starts at its next pop, as after any stale spell.
actor UptimeTracker {
    /// One worker as its pops describe it.
    private struct Tracked {
        /// The owner paid.
        var ownerId: Int
        /// `uptime` (workers) or `interrogation_uptime` (alchemists).
        var kind: KudosGrantKind
        /// The reward per period for what the worker declared in its last pop.
        var amount: Double
        /// Its last pop.
        var lastPop: Date
        /// Start of the period being earned; nil while paused or in maintenance.
        var periodStart: Date?
    }

    /// A reward whose period is complete, to publish and then confirm with `paid(_:)`.
    struct Due: Sendable, Equatable {
        /// The grant to send to the ledger.
        let grant: KudosGrant
        /// The worker concerned.
        let workerId: UUID
        /// When the period ended (its next one starts there).
        let periodEnd: Date
    }

    /// Seconds of uptime per reward.
    let intervalSeconds: TimeInterval
    /// Seconds without a pop after which a worker is offline.
    let staleAfterSeconds: TimeInterval
    private var workers: [UUID: Tracked] = [:]

    /// A tracker paying every `intervalSeconds` of uptime.
    init(
        intervalSeconds: TimeInterval = UptimeReward.defaultIntervalSeconds,
        staleAfterSeconds: TimeInterval = UptimeReward.staleAfterSeconds
    ) {
        self.intervalSeconds = intervalSeconds
        self.staleAfterSeconds = staleAfterSeconds
    }

    /// Records an image or text worker's pop.
    func sawPop(_ worker: WorkerProfile, at now: Date = Date()) {
        let amount: Double
        switch worker.kind {
        case .text:
            amount = UptimeReward.text(
                model: worker.models.first, maxContextLength: worker.maxContextLength,
                validatedBackend: BridgeAgent(worker.bridgeAgent).isValidatedTextBackend)
        case .interrogation:
            amount = UptimeReward.interrogation
        default:
            amount = UptimeReward.image(servedModels: Set(worker.models).count, allowLora: worker.allowLora)
        }
        record(
            worker.workerId, ownerId: worker.ownerId,
            kind: worker.kind == .interrogation ? .interrogationUptime : .uptime, amount: amount,
            earning: !worker.paused && !worker.maintenance, at: now)
    }

    /// Records an alchemist's pop.
    func sawPop(_ alchemist: AlchemistProfile, at now: Date = Date()) {
        record(
            alchemist.workerId, ownerId: alchemist.ownerId, kind: .interrogationUptime,
            amount: UptimeReward.interrogation, earning: !alchemist.paused && !alchemist.maintenance, at: now)
    }

    private func record(
        _ workerId: UUID, ownerId: Int, kind: KudosGrantKind, amount: Double, earning: Bool, at now: Date
    ) {
        var tracked = workers[workerId]
            ?? Tracked(ownerId: ownerId, kind: kind, amount: amount, lastPop: now, periodStart: nil)
        if now.timeIntervalSince(tracked.lastPop) > staleAfterSeconds { tracked.periodStart = nil }
        tracked.ownerId = ownerId
        tracked.kind = kind
        tracked.amount = amount
        tracked.lastPop = max(tracked.lastPop, now)
        // Paused and maintenance time earns nothing, and the period starts over when the worker is back.
        tracked.periodStart = earning ? (tracked.periodStart ?? now) : nil
        workers[workerId] = tracked
    }

    /// The rewards whose period ended by each worker's last pop (uptime counts up to the last sign of life, not to
    /// `now`); workers stale at `now` are forgotten.
    func due(now: Date = Date()) -> [Due] {
        workers = workers.filter { now.timeIntervalSince($0.value.lastPop) <= staleAfterSeconds }
        var result: [Due] = []
        for (workerId, tracked) in workers {
            guard let start = tracked.periodStart, tracked.amount > 0 else { continue }
            let end = start.addingTimeInterval(intervalSeconds)
            guard tracked.lastPop >= end else { continue }
            let grant = KudosGrant(
                eventId: UptimeReward.eventId(workerId: workerId, end: end, intervalSeconds: intervalSeconds),
                kind: tracked.kind, userId: tracked.ownerId, workerId: workerId, amount: tracked.amount, at: end)
            result.append(Due(grant: grant, workerId: workerId, periodEnd: end))
        }
        return result.sorted { $0.periodEnd < $1.periodEnd }
    }

    /// The ledger has `due`'s grant: the worker's next period starts where that one ended (unless its clock was
    /// reset meanwhile).
    func paid(_ due: Due) {
        guard var tracked = workers[due.workerId], let start = tracked.periodStart, start < due.periodEnd else {
            return
        }
        tracked.periodStart = due.periodEnd
        workers[due.workerId] = tracked
    }

    /// Workers currently tracked (online, whether earning or not).
    var trackedCount: Int { workers.count }
}
