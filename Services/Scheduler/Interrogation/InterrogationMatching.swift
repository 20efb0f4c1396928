import Foundation
import Messages

/// The interrogation candidate filter (HORDE_RULES 3.4): whether an alchemist may take a waiting form, and if
/// not, under which `skipped` key the form is counted.
enum InterrogationMatching {
    /// Why a form was passed over; the raw value is the key of the pop's `skipped` object.
    enum SkipReason: String, Sendable {
        /// The worker is in maintenance and the form is not its owner's.
        case workerId = "worker_id"
        /// The form needs a trusted worker, or comes from an unsafe address the worker does not take.
        case untrusted
        /// The worker cannot process it: the image has more tiles than it takes, or it is too slow for a request
        /// that refused slow workers.
        case bridgeVersion = "bridge_version"
        /// The worker is paused and the form is not its owner's (never reported, as for image and text pops).
        case secret
    }

    /// The keys an empty pop reports.
    static let reported: [SkipReason] = [.workerId, .untrusted, .bridgeVersion]

    /// Seconds per form a worker must stay under to take requests that refused slow workers.
    static let slowSecondsPerForm = 10.0

    /// Nil when `worker` may take `form` (whose name the caller already matched against the worker's forms).
    static func skipReason(_ form: WaitingForm, worker: AlchemistProfile) -> SkipReason? {
        let request = form.interrogation
        if worker.paused && request.userId != worker.ownerId { return .secret }
        if worker.maintenance && request.userId != worker.ownerId { return .workerId }
        if request.imageTiles > worker.maxTiles { return .bridgeVersion }
        if !request.safeIP && !worker.allowUnsafeIP { return .untrusted }
        if request.trustedWorkers && !worker.ownerTrusted { return .untrusted }
        if !worker.ownerTrusted && !request.safeIP && !request.userTrusted { return .untrusted }
        if !request.slowWorkers, let seconds = worker.secondsPerForm, seconds >= slowSecondsPerForm {
            return .bridgeVersion
        }
        return nil
    }

    /// The `skipped` object of an empty pop: every key present, counts of skipped forms.
    static func skippedObject(_ counts: [SkipReason: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: reported.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    /// The forms an alchemist serves: duplicates dropped, `caption` when it named none.
    static func servedForms(_ forms: [String]) -> [String] {
        var seen = Set<String>()
        let distinct = forms.filter { seen.insert($0).inserted }
        return distinct.isEmpty ? ["caption"] : distinct
    }
}
