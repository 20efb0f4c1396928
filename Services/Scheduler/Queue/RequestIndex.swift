import Domain
import Foundation
import Messages

/// The scheduler's in-memory view of the waiting queue: per kind, per model, requests in queue order.
///
/// A request naming several models sits in each of their buckets; one naming none sits in the kind's "any model"
/// bucket. A pop walks only the buckets of the models its worker declared (plus "any"), merging them in queue
/// order, so its cost depends on how many requests it passes over, not on the queue's size. The database is the
/// source of truth: this is a hint that a claim then confirms, and every state carries the row version it was
/// read at so that late, older updates are ignored.
struct RequestIndex: Sendable {
    /// The bucket of requests that name no model.
    static let anyModel = ""
    /// How many removed requests' versions are remembered (bounded; forgetting one only costs a failed claim).
    static let tombstoneLimit = 50_000

    private(set) var entries: [UUID: QueuedRequest] = [:]
    private(set) var buckets: [RequestKind: [String: OrderedKeySet]] = [:]
    /// Every request per kind in queue order (queue positions).
    private(set) var all: [RequestKind: OrderedKeySet] = [:]
    private var counts: [RequestKind: Int] = [:]
    /// Requests a pop in flight is claiming jobs of right now. Other pops pass over them, as the reference's
    /// `SKIP LOCKED` does, so concurrent pops spread over requests instead of queueing on one row lock.
    private var claiming: Set<UUID> = []

    /// Marks `id` as being claimed; false when another pop is already claiming it, or it is not indexed.
    mutating func beginClaim(_ id: UUID) -> Bool {
        guard entries[id] != nil else { return false }
        return claiming.insert(id).inserted
    }

    /// Ends the claim begun with `beginClaim` (its outcome is applied separately).
    mutating func endClaim(_ id: UUID) { claiming.remove(id) }

    /// Waiting requests, jobs and things per kind and model, kept up to date on every change (statistics).
    private(set) var modelTotals: [RequestKind: [String: QueueFigures.ModelQueue]] = [:]
    /// Things waiting per kind.
    private(set) var kindThings: [RequestKind: Double] = [:]
    /// The same requests per requesting user, for the owner-and-priority-users pass.
    private var byUser: [RequestKind: [Int: OrderedKeySet]] = [:]
    /// Versions of recently removed requests, so an older state arriving late doesn't bring one back.
    private var tombstones: [UUID: Int64] = [:]

    /// An empty index.
    init() {}

    /// Requests waiting, per kind.
    func count(_ kind: RequestKind) -> Int { counts[kind] ?? 0 }

    /// All requests in the index.
    var totalCount: Int { entries.count }

    /// The entry for `id`, if indexed.
    func entry(_ id: UUID) -> QueuedRequest? { entries[id] }

    /// Records the state of a request read from the database at `version`: indexed while jobs wait, removed
    /// otherwise. Returns false when a newer state was already known.
    @discardableResult
    mutating func apply(_ state: QueuedRequest) -> Bool {
        if let current = entries[state.id] {
            guard state.version >= current.version else { return false }
            if state.waiting <= 0 {
                removeEntry(current)
                rememberRemoval(state.id, version: state.version)
            } else {
                account(current, -1)
                entries[state.id] = state
                account(state, 1)
            }
            return true
        }
        if let removedAt = tombstones[state.id], removedAt >= state.version { return false }
        guard state.waiting > 0 else {
            rememberRemoval(state.id, version: state.version)
            return true
        }
        entries[state.id] = state
        tombstones[state.id] = nil
        let key = state.key
        for model in Self.bucketNames(state.request) {
            buckets[state.request.kind, default: [:]][model, default: OrderedKeySet()].insert(key)
        }
        byUser[state.request.kind, default: [:]][state.request.userId, default: OrderedKeySet()].insert(key)
        all[state.request.kind, default: OrderedKeySet()].insert(key)
        counts[state.request.kind, default: 0] += 1
        account(state, 1)
        return true
    }

    /// Removes `id` (a request that finished, was cancelled or expired) as of `version`.
    mutating func remove(_ id: UUID, version: Int64) {
        if let current = entries[id] {
            guard version >= current.version else { return }
            removeEntry(current)
        }
        rememberRemoval(id, version: version)
    }

    /// The requests `worker` may take, best first, at most `limit` of them, looking at no more than `maxExamined`
    /// requests; and the skipped-reason counts for those passed over.
    ///
    /// Two passes, as the rules order them: first the requests of the worker's owner and of its priority users
    /// (one page), then the general queue. Requests in `excluding` never match.
    func candidates(
        for worker: WorkerProfile, limit: Int, maxExamined: Int, excluding: Set<UUID> = []
    ) -> CandidateScan {
        var scan = CandidateScan()
        guard let kindBuckets = buckets[worker.kind] else { return scan }
        let matcher = PopMatcher(worker: worker, excluding: excluding)
        var seen = Set<UUID>()
        if let userBuckets = byUser[worker.kind] {
            let users = Set([worker.ownerId] + worker.priorityUserIds)
            let sets = users.compactMap { userBuckets[$0] }.filter { !$0.isEmpty }
            if !sets.isEmpty {
                _ = walk(
                    sets, matcher: matcher, into: &scan, seen: &seen, limit: limit,
                    maxExamined: min(maxExamined, Self.priorityPage))
            }
        }
        var names = matcher.models
        names.insert(Self.anyModel)
        let sets = names.compactMap { kindBuckets[$0] }.filter { !$0.isEmpty }
        let bucketTotal = sets.reduce(0) { $0 + $1.count }
        let exhausted = walk(sets, matcher: matcher, into: &scan, seen: &seen, limit: limit, maxExamined: maxExamined)
        // Requests outside the worker's buckets were skipped for their models. Exact once the walk covered every
        // bucket; otherwise a lower bound (a request naming two served models counts twice in the bucket total).
        let total = count(worker.kind)
        scan.skipped.add(.models, max(0, total - (exhausted ? seen.count : max(bucketTotal, seen.count))))
        return scan
    }

    /// How many requests the owner-and-priority-users pass looks at (the reference's first page).
    static let priorityPage = 10

    /// Walks `sets` merged in queue order, adding matching requests to `scan.candidates` and counting the others'
    /// skip reasons, until `limit` candidates or `maxExamined` examined; true when the sets ran out.
    private func walk(
        _ sets: [OrderedKeySet], matcher: PopMatcher, into scan: inout CandidateScan, seen: inout Set<UUID>,
        limit: Int, maxExamined: Int
    ) -> Bool {
        var walkers = sets.map { (set: $0, cursor: $0.start) }
        var examined = 0
        while scan.candidates.count < limit && examined < maxExamined {
            // k-way merge: the best head among the sets.
            var best: Int?
            var bestKey: QueueKey?
            for index in walkers.indices {
                guard let key = walkers[index].set.key(at: walkers[index].cursor) else { continue }
                if let current = bestKey, !(key < current) { continue }
                best = index
                bestKey = key
            }
            guard let best, let key = bestKey else { return true }
            walkers[best].cursor = walkers[best].set.advance(walkers[best].cursor)
            guard seen.insert(key.id).inserted, let entry = entries[key.id] else { continue }
            // Another pop is claiming it right now: passed over, not counted as skipped.
            if claiming.contains(key.id) { continue }
            examined += 1
            scan.examined += 1
            if let reason = matcher.skipReason(entry.request) {
                scan.skipped.add(reason)
            } else {
                scan.candidates.append(entry)
            }
        }
        return false
    }

    /// Drops every request that arrived on one of `partitions` (they were assigned to another instance), or, with
    /// `keeping`, every request whose partition is known and not kept.
    mutating func drop(partitions: Set<Int>? = nil, keeping: Set<Int>? = nil) {
        let doomed = entries.values.filter { entry in
            guard let partition = entry.partition else { return false }
            if let partitions, partitions.contains(partition) { return true }
            if let keeping, !keeping.contains(partition) { return true }
            return false
        }
        for entry in doomed { removeEntry(entry) }
    }

    /// Every indexed request of `kind` in queue order (tests and diagnostics).
    func ordered(_ kind: RequestKind) -> [QueuedRequest] {
        entries.values.filter { $0.request.kind == kind }.sorted { $0.key < $1.key }
    }

    /// Adds (`sign` 1) or removes (-1) a request's waiting work to the per-model and per-kind totals.
    private mutating func account(_ entry: QueuedRequest, _ sign: Int) {
        let kind = entry.request.kind
        let things = Double(entry.waiting) * entry.request.thingsPerJob * Double(sign)
        for model in Self.bucketNames(entry.request) {
            var totals = modelTotals[kind]?[model] ?? QueueFigures.ModelQueue()
            totals.requests += sign
            totals.jobs += entry.waiting * sign
            totals.things += things
            modelTotals[kind, default: [:]][model] = totals.requests > 0 ? totals : nil
        }
        kindThings[kind, default: 0] += things
    }

    private mutating func removeEntry(_ entry: QueuedRequest) {
        account(entry, -1)
        let key = entry.key
        for model in Self.bucketNames(entry.request) {
            buckets[entry.request.kind]?[model]?.remove(key)
            if buckets[entry.request.kind]?[model]?.isEmpty == true { buckets[entry.request.kind]?[model] = nil }
        }
        let kind = entry.request.kind
        let user = entry.request.userId
        byUser[kind]?[user]?.remove(key)
        all[kind]?.remove(key)
        if byUser[kind]?[user]?.isEmpty == true { byUser[kind]?[user] = nil }
        entries[entry.id] = nil
        counts[entry.request.kind, default: 0] -= 1
    }

    private mutating func rememberRemoval(_ id: UUID, version: Int64) {
        if tombstones.count >= Self.tombstoneLimit { tombstones.removeAll(keepingCapacity: true) }
        tombstones[id] = max(tombstones[id] ?? version, version)
    }

    private static func bucketNames(_ request: RequestCreated) -> Set<String> {
        request.models.isEmpty ? [anyModel] : Set(request.models)
    }
}
