import HordeCore
import Synchronization

/// Running totals for the status line and `/metrics`: jobs delivered, kudos earned and the work done, per kind.
final class WorkerStats: Sendable {
    /// One kind's totals.
    struct Totals: Sendable, Equatable {
        /// Jobs (images, texts, forms) delivered.
        var jobs = 0
        /// Jobs given back or lost.
        var failed = 0
        /// Kudos the gateway reported for the deliveries.
        var kudos = 0.0
        /// Work done: megapixel-steps for images, tokens asked for texts, forms for alchemy.
        var work = 0.0
        /// Time spent generating.
        var busy: Duration = .zero
    }

    private let state = Mutex<[String: Totals]>([:])
    private let started = ContinuousClock.now
    private static let metrics = MetricsRegistry.shared

    /// Empty totals.
    init() {}

    /// Records delivered jobs of `kind` with their reward, work and generation time.
    func delivered(_ kind: String, jobs: Int, kudos: Double, work: Double, busy: Duration) {
        let total = state.withLock { state -> Double in
            state[kind, default: Totals()].jobs += jobs
            state[kind, default: Totals()].kudos += kudos
            state[kind, default: Totals()].work += work
            state[kind, default: Totals()].busy += busy
            return state.values.reduce(0) { $0 + $1.kudos }
        }
        Self.metrics.gauge("horde_worker_kudos_earned", help: "Kudos earned since start").set(Int(total.rounded()))
    }

    /// Records jobs of `kind` that were given back or could not be delivered.
    func failed(_ kind: String, jobs: Int) {
        state.withLock { $0[kind, default: Totals()].failed += jobs }
    }

    /// The totals per kind.
    var snapshot: [String: Totals] { state.withLock { $0 } }

    /// Time since start.
    var uptime: Duration { ContinuousClock.now - started }

    /// One line: jobs, kudos, kudos per hour and each kind's speed.
    func statusLine() -> [String: String] {
        let totals = snapshot
        let hours = max(uptime.seconds / 3600, 1e-9)
        let kudos = totals.values.reduce(0) { $0 + $1.kudos }
        var fields: [String: String] = [
            "jobs_done": "\(totals.values.reduce(0) { $0 + $1.jobs })",
            "jobs_failed": "\(totals.values.reduce(0) { $0 + $1.failed })",
            "kudos": String(format: "%.1f", kudos),
            "kudos_per_hour": String(format: "%.1f", kudos / hours),
        ]
        for (kind, total) in totals where total.busy > .zero {
            let unit = kind == "image" ? "mps_per_s" : kind == "text" ? "tokens_per_s" : "forms_per_s"
            fields["\(kind).\(unit)"] = String(format: "%.2f", total.work / total.busy.seconds)
        }
        return fields
    }
}
