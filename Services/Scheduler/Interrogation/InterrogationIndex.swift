import Foundation
import Messages

/// The waiting forms in memory, by form name in queue order (priority descending, then age), so a pop walks only
/// the forms it serves, from the front. Rebuilt from Postgres at start; every change in Postgres is mirrored here
/// after it commits.
actor InterrogationIndex {
    private var forms: [UUID: WaitingForm] = [:]
    private var byName: [String: OrderedKeySet] = [:]
    private var byUser: [Int: Set<UUID>] = [:]

    /// An empty index.
    init() {}

    /// Makes `form` available to pops (again).
    func add(_ form: WaitingForm) {
        if let old = forms[form.formId] { removeFromBuckets(old) }
        forms[form.formId] = form
        _ = byName[form.name, default: OrderedKeySet()].insert(form.key)
        byUser[form.interrogation.userId, default: []].insert(form.formId)
    }

    /// Takes `formId` out of the index (claimed, cancelled, expired).
    func remove(_ formId: UUID) {
        guard let form = forms.removeValue(forKey: formId) else { return }
        removeFromBuckets(form)
    }

    /// Takes every form of `interrogationId` out of the index.
    func removeInterrogation(_ interrogationId: UUID, formIds: [UUID]) {
        for id in formIds where forms[id]?.interrogation.interrogationId == interrogationId { remove(id) }
    }

    /// Forms waiting.
    var count: Int { forms.count }

    /// Forms waiting for `userId`.
    func count(ofUser userId: Int) -> Int { byUser[userId]?.count ?? 0 }

    /// The forms `worker` may take, best first, up to `limit`, and the skip counts of those it may not. Forms of the
    /// worker's owner and priority users come first, then the general queue.
    func candidates(for worker: AlchemistProfile, limit: Int, maxExamined: Int = 1000)
        -> (forms: [WaitingForm], skipped: [InterrogationMatching.SkipReason: Int])
    {
        let served = Set(InterrogationMatching.servedForms(worker.forms))
        var chosen: [WaitingForm] = []
        var chosenIds = Set<UUID>()
        var skipped: [InterrogationMatching.SkipReason: Int] = [:]
        var examined = 0

        func consider(_ form: WaitingForm) {
            guard chosen.count < limit, !chosenIds.contains(form.formId) else { return }
            examined += 1
            if let reason = InterrogationMatching.skipReason(form, worker: worker) {
                skipped[reason, default: 0] += 1
            } else {
                chosen.append(form)
                chosenIds.insert(form.formId)
            }
        }

        let preferred = [worker.ownerId] + worker.priorityUserIds
        let first = preferred.flatMap { byUser[$0] ?? [] }.compactMap { forms[$0] }
            .filter { served.contains($0.name) }.sorted { $0.key < $1.key }
        for form in first { consider(form) }

        // Merge the per-name buckets in queue order.
        let buckets = served.compactMap { byName[$0] }.filter { !$0.isEmpty }
        var cursors = buckets.map(\.start)
        while chosen.count < limit, examined < maxExamined {
            var best: (bucket: Int, key: QueueKey)?
            for (index, bucket) in buckets.enumerated() {
                guard let key = bucket.key(at: cursors[index]) else { continue }
                if let current = best, current.key < key { continue }
                best = (index, key)
            }
            guard let best else { break }
            cursors[best.bucket] = buckets[best.bucket].advance(cursors[best.bucket])
            if let form = forms[best.key.id] { consider(form) }
        }
        return (chosen, skipped)
    }

    private func removeFromBuckets(_ form: WaitingForm) {
        _ = byName[form.name]?.remove(form.key)
        if byName[form.name]?.isEmpty == true { byName[form.name] = nil }
        byUser[form.interrogation.userId]?.remove(form.formId)
        if byUser[form.interrogation.userId]?.isEmpty == true { byUser[form.interrogation.userId] = nil }
    }
}
