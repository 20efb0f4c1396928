import Domain
import Foundation
import Messages

/// The actor that owns the request index and the parked pops, so that "is there work for this pop?" and "is a pop
/// waiting for this request?" are answered atomically: a request queued while a pop is being parked is never
/// missed by both.
actor SchedulerQueue {
    private var index = RequestIndex()
    private var parked = ParkedPops()
    /// Requests each worker got a fake job of while paused (it never matches them again).
    private var tricked = TrickedRequests()
    /// The requests-topic partitions this instance owns; nil until the first assignment (it then indexes all).
    private var owned: Set<Int>?
    /// Signalled whenever a pop is parked, so the parking timer re-reads the earliest wake-up.
    nonisolated let parkingChanges = WakeSignal()

    /// An empty queue (the app fills it from Postgres before consuming).
    init() {}

    /// Requests waiting, per kind.
    func count(_ kind: RequestKind) -> Int { index.count(kind) }

    /// Pops currently parked.
    var parkedCount: Int { parked.count }

    /// The indexed entry for `id`.
    func entry(_ id: UUID) -> QueuedRequest? { index.entry(id) }

    /// Records a request's state read from the database; when jobs wait, returns (and un-parks) the parked pops
    /// that may take it, oldest first, at most one per waiting job.
    func apply(_ state: QueuedRequest) -> [ParkedPop] {
        guard owns(state.partition) else { return [] }
        tricked.insert(state.id, workers: state.trickedWorkers)
        guard index.apply(state), state.waiting > 0 else { return [] }
        return parked.take(matching: state.request, limit: state.waiting)
    }

    /// True when requests of `partition` belong in this instance's index.
    func owns(_ partition: Int?) -> Bool {
        guard let owned, let partition else { return true }
        return owned.contains(partition)
    }

    /// Partitions of the requests topic were assigned to this instance: from now on their requests are indexed
    /// here, starting with `loaded` (their waiting requests read from Postgres). The first assignment also drops
    /// whatever the start-up load indexed for partitions owned elsewhere. Returns parked pops that may now be
    /// served.
    func assign(_ partitions: Set<Int>, loaded: [QueuedRequest]) -> [ParkedPop] {
        if owned == nil {
            owned = partitions
            index.drop(keeping: partitions)
        } else {
            owned?.formUnion(partitions)
        }
        var woken: [ParkedPop] = []
        for state in loaded { woken += apply(state) }
        return woken
    }

    /// Partitions were taken from this instance: their requests leave the index.
    func revoke(_ partitions: Set<Int>) {
        if owned == nil { owned = [] }
        owned?.subtract(partitions)
        index.drop(partitions: partitions)
    }

    /// Marks `id` as being claimed by one pop; false when another pop already is (see `RequestIndex.beginClaim`).
    func beginClaim(_ id: UUID) -> Bool { index.beginClaim(id) }

    /// Ends a claim begun with `beginClaim`.
    func endClaim(_ id: UUID) { index.endClaim(id) }

    /// Removes a request that no longer hands out jobs.
    func remove(_ id: UUID, version: Int64) { index.remove(id, version: version) }

    /// Requests `worker` may take, best first.
    func candidates(for worker: WorkerProfile, limit: Int, maxExamined: Int) -> CandidateScan {
        index.candidates(
            for: worker, limit: limit, maxExamined: maxExamined, excluding: tricked.requests(of: worker.workerId))
    }

    /// Records that `worker` got a fake job of request `id`; false when it already had one (a concurrent pop).
    func trick(_ id: UUID, worker: UUID) -> Bool {
        let inserted = tricked.insert(id, worker: worker)
        if tricked.count > TrickedRequests.limit { tricked.prune { index.entry($0) != nil } }
        return inserted
    }

    /// Parks `pop` until `wakeAt` unless a request it may take is indexed by now; then returns that scan instead.
    func parkUnlessMatched(_ pop: PopRequest, until wakeAt: Date, limit: Int, maxExamined: Int) -> CandidateScan? {
        let excluded = tricked.requests(of: pop.worker.workerId)
        let scan = index.candidates(for: pop.worker, limit: limit, maxExamined: maxExamined, excluding: excluded)
        if !scan.candidates.isEmpty { return scan }
        parked.park(pop, until: wakeAt, excluding: excluded)
        parkingChanges.signal()
        return nil
    }

    /// Parked pops whose wait ended.
    func takeExpired(now: Date) -> [ParkedPop] { parked.takeExpired(now: now) }

    /// Every parked pop (at shutdown).
    func takeAllParked() -> [ParkedPop] { parked.takeAll() }

    /// When the next parked pop's wait ends.
    func nextWake() -> Date? { parked.nextWake }

    /// The figures of `kind`'s queue for the statistics, with the first `headLimit` requests in order.
    func figures(_ kind: RequestKind, headLimit: Int) -> QueueFigures { index.figures(kind, headLimit: headLimit) }

    /// Every indexed request of `kind` in queue order.
    func ordered(_ kind: RequestKind) -> [QueuedRequest] { index.ordered(kind) }
}
