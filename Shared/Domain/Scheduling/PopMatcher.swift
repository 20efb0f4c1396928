import Foundation
import Messages

/// One worker's side of matching, prepared once per pop: its capabilities, models and word blacklist are read
/// once, then `skipReason(_:)` runs for every request the pop looks at.
package struct PopMatcher: Sendable {
    /// The popping worker.
    package let worker: WorkerProfile
    /// What its bridge can do.
    package let capabilities: BridgeCapabilities
    /// The models it serves (`stable_diffusion` for an image worker that declared none).
    package let models: Set<String>
    /// The blacklist, lowercased, without empty words.
    let blacklist: [String]
    /// Serves only inpainting models: gets inpainting and outpainting work only.
    let inpaintingOnly: Bool
    /// Serves at least one inpainting model (needed for inpainting and outpainting).
    let servesInpainting: Bool
    /// Serves an SDXL model (QR codes then need `allow_sdxl_controlnet`).
    let servesSDXL: Bool
    /// Serves a flux model (every job then needs the bridge's `flux`).
    let servesFlux: Bool
    /// Serves Stable Cascade (hires fix then needs `stable_cascade_2pass`).
    let servesStableCascade: Bool
    /// Declares a `horde_special` or the SDXL_beta model: takes no request that names no model.
    let refusesAnyModel: Bool
    /// Requests the worker never gets again (it was given a fake job of each while paused).
    let excludedRequests: Set<UUID>

    /// Prepares matching for `worker`, which never matches the requests in `excluding`.
    package init(worker: WorkerProfile, excluding excludedRequests: Set<UUID> = []) {
        self.worker = worker
        self.excludedRequests = excludedRequests
        capabilities = BridgeCapabilities(bridgeAgent: worker.bridgeAgent)
        let declared = PopMatching.declaredModels(worker)
        models = Set(declared)
        blacklist = worker.blacklist.map { $0.lowercased() }.filter { !$0.isEmpty }
        let lowered = declared.map { $0.lowercased() }
        servesInpainting = lowered.contains { $0.contains("inpainting") }
        inpaintingOnly = !lowered.isEmpty && lowered.allSatisfy { $0.contains("inpainting") }
        servesSDXL = lowered.contains { $0.contains("sdxl") || $0.contains("_xl") }
        servesFlux = lowered.contains { $0.contains("flux") }
        servesStableCascade = lowered.contains { $0.contains("stable_cascade") || $0.contains("stable cascade") }
        refusesAnyModel = declared.contains { $0.hasPrefix("horde_special") || $0 == "SDXL_beta::stability.ai#6901" }
    }

    /// The first reason `request` cannot go to the worker, or nil when it can. The order follows the rules' list;
    /// only the first failing criterion is counted in `skipped`.
    package func skipReason(_ request: RequestCreated) -> SkipReason? {
        if request.kind != worker.kind { return .models }
        if !request.workers.isEmpty {
            let listed = request.workers.contains(worker.workerId)
            if listed == request.workerBlacklist { return .workerId }
        }
        if request.models.isEmpty {
            if refusesAnyModel { return .models }
        } else if !request.models.contains(where: models.contains) {
            return .models
        }
        switch request.kind {
        case .image:
            if request.pixels > worker.maxPixels { return .maxPixels }
        case .text:
            if request.maxLength > worker.maxLength { return .maxLength }
            if request.maxContextLength > worker.maxContextLength { return .maxContextLength }
        case .interrogation:
            // Alchemy forms are matched by their own queue; one reaching this matcher fits no worker.
            return .models
        }
        if request.nsfw && !worker.nsfw { return .nsfw }
        if request.trustedWorkers && !worker.ownerTrusted { return .untrusted }
        if request.unsafeIP == true {
            if worker.allowUnsafeIP != true { return .unsafeIP }
            if !worker.ownerTrusted && request.requesterTrusted != true { return .untrusted }
        }
        if worker.extraSlow && !request.extraSlowWorkers { return .performance }
        if !request.slowWorkers, let speed = worker.speed,
            speed < PopMatching.minimumSpeed(request: request, worker: worker)
        {
            return .performance
        }
        // A worker in maintenance only takes its owner's own requests. A paused one matches the others' too (it
        // gets fake jobs of them), except those it already got a fake job of.
        if worker.maintenance && request.userId != worker.ownerId { return .secret }
        if excludedRequests.contains(request.requestId) { return .secret }
        switch request.kind {
        case .image:
            if let reason = imageSkipReason(request) { return reason }
        case .text:
            if let reason = textSkipReason(request) { return reason }
        case .interrogation:
            return .models
        }
        if !blacklist.isEmpty, let prompt = request.payload["prompt"]?.stringValue {
            let lowered = prompt.lowercased()
            if blacklist.contains(where: lowered.contains) { return .blacklist }
        }
        if worker.requireUpfrontKudos && !paysUpfront(request) { return .kudos }
        return nil
    }

    /// `require_upfront_kudos`: trusted requesters, the worker's priority users, and requesters whose kudos above
    /// the floor cover one job pass.
    func paysUpfront(_ request: RequestCreated) -> Bool {
        if request.requesterTrusted == true || worker.priorityUserIds.contains(request.userId) { return true }
        return (request.requesterKudos ?? 0) >= request.kudosPerJob
    }

    /// Text: validated backends and soft prompts.
    func textSkipReason(_ request: RequestCreated) -> SkipReason? {
        if request.validatedBackends == true && !BridgeAgent(worker.bridgeAgent).isValidatedTextBackend {
            return .bridgeVersion
        }
        let softprompt = request.payload["softprompt"]?.stringValue ?? ""
        if !softprompt.isEmpty && !(worker.softprompts ?? []).contains(softprompt) { return .matchingSoftprompt }
        return nil
    }
}
