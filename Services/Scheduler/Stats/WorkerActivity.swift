import Domain
import Foundation
import Messages

/// Workers seen popping recently and how fast they deliver, for the queue statistics. Lost at restart (workers
/// pop every few seconds, so the picture is back within one round).
actor WorkerActivity {
    /// One worker as last seen.
    struct Seen: Sendable {
        /// Image or text.
        var kind: RequestKind
        /// Models it declared.
        var models: [String]
        /// Jobs it runs in parallel.
        var threads: Int
        /// Its last pop.
        var lastSeen: Date
        /// Things per second, from its delivered jobs; nil until one was delivered.
        var speed: Double?
    }

    /// Workers not seen for this long are no longer counted (the rules' 5 minutes).
    static let activeWindow: TimeInterval = 300
    /// Speed of a worker with no delivered job yet: 1 MPS/s for images, 10 tokens/s for text.
    static func defaultSpeed(_ kind: RequestKind) -> Double { kind == .image ? 1_000_000 : 10 }

    private var workers: [UUID: Seen] = [:]

    /// An empty record.
    init() {}

    /// Records a pop.
    func sawPop(_ worker: WorkerProfile, at now: Date = Date()) {
        var seen = workers[worker.workerId] ?? Seen(kind: worker.kind, models: [], threads: 1, lastSeen: now)
        seen.kind = worker.kind
        seen.models = PopMatching.declaredModels(worker)
        seen.threads = max(1, worker.threads)
        seen.lastSeen = now
        workers[worker.workerId] = seen
    }

    /// Records a delivered job: the worker's speed moves towards `things / seconds`.
    func delivered(by workerId: UUID, things: Double, seconds: Double) {
        guard things > 0, seconds > 0, var seen = workers[workerId] else { return }
        let sample = things / seconds
        seen.speed = seen.speed.map { $0 * 0.8 + sample * 0.2 } ?? sample
        workers[workerId] = seen
    }

    /// Workers seen within the active window; older ones are forgotten.
    func active(now: Date = Date()) -> [Seen] {
        let cutoff = now.addingTimeInterval(-Self.activeWindow)
        workers = workers.filter { $0.value.lastSeen >= cutoff }
        return Array(workers.values)
    }
}
