import Foundation

/// Per worker, the requests it got a fake job of while paused (HORDE_RULES 3.2: "tricked", never that request
/// again). Kept apart from the index entries, which come and go as jobs are handed out and returned.
struct TrickedRequests: Sendable {
    /// Pairs beyond which those of requests no longer indexed are forgotten (bounded memory; the pairs stay in
    /// `scheduler.fake_jobs` and come back when the queue is next loaded).
    static let limit = 50_000

    private var byWorker: [UUID: Set<UUID>] = [:]
    /// Pairs held.
    private(set) var count = 0

    /// The requests `worker` never matches again.
    func requests(of worker: UUID) -> Set<UUID> { byWorker[worker] ?? [] }

    /// Remembers that `worker` was tricked with request `id`; false when it already was.
    @discardableResult
    mutating func insert(_ id: UUID, worker: UUID) -> Bool {
        let inserted = byWorker[worker, default: []].insert(id).inserted
        if inserted { count += 1 }
        return inserted
    }

    /// Remembers every worker in `workers` as tricked with request `id`.
    mutating func insert(_ id: UUID, workers: Set<UUID>) {
        for worker in workers { insert(id, worker: worker) }
    }

    /// Forgets the pairs whose request fails `keep`.
    mutating func prune(keeping keep: (UUID) -> Bool) {
        for (worker, requests) in byWorker {
            let kept = requests.filter(keep)
            count -= requests.count - kept.count
            byWorker[worker] = kept.isEmpty ? nil : kept
        }
    }
}
