import Foundation
import Messages

/// Whether a waiting request may go to a popping worker (HORDE_RULES 3.2 and 3.3). The static helpers build a
/// `PopMatcher` per call; a pop that looks at many requests builds one matcher and reuses it.
package enum PopMatching {
    /// Image speed (megapixelsteps/s) below which a worker is "slow".
    package static let slowImageSpeed = 0.5

    /// The first reason `request` cannot go to `worker`, or nil when it can.
    package static func skipReason(request: RequestCreated, worker: WorkerProfile) -> SkipReason? {
        PopMatcher(worker: worker).skipReason(request)
    }

    /// The models a worker serves for matching: an image worker that declared none serves `stable_diffusion`.
    package static func declaredModels(_ worker: WorkerProfile) -> [String] {
        if worker.models.isEmpty && worker.kind == .image { return ["stable_diffusion"] }
        return worker.models
    }

    /// A request naming no model goes to any worker; otherwise the worker must serve one of the named models.
    package static func servesModels(request: RequestCreated, worker: WorkerProfile) -> Bool {
        guard !request.models.isEmpty else { return true }
        let served = declaredModels(worker)
        return request.models.contains(where: served.contains)
    }

    /// The model recorded for a job: a random pick among the request's models that the worker declared, or a
    /// random model of the worker's when the request named none.
    package static func chooseModel(
        request: RequestCreated, worker: WorkerProfile,
        pick: ([String]) -> String? = { $0.randomElement() }
    ) -> String {
        let served = declaredModels(worker)
        let common = request.models.filter(served.contains)
        return pick(common.isEmpty ? served : common) ?? request.models.first ?? ""
    }

    /// The speed a worker needs for a request that refused slow workers: 0.5 MPS/s for images; for text 3 tokens/s
    /// for 20B+ models, 4 for 13B+, else 5 (the size read from the worker's first model name).
    package static func minimumSpeed(request: RequestCreated, worker: WorkerProfile) -> Double {
        switch request.kind {
        case .image: return slowImageSpeed
        case .text:
            let billions = worker.models.first.flatMap(TextPricing.parametersFromName) ?? 0
            return billions >= 20 ? 3 : billions >= 13 ? 4 : 5
        case .interrogation: return 0
        }
    }
}
