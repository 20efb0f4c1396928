import Domain
import Foundation
import Messages

/// An accepted image request, priced and ready to queue: the `RequestCreated` for the scheduler, what the client
/// is told, and what the gateway stores.
struct ImageRequestPlan: Sendable {
    /// The command published to the scheduler.
    var created: RequestCreated
    /// The 202 body's `kudos`: the per-job base price, rounded.
    var responseKudos: Double
    /// `gateway.requests.params`: the normalised request.
    var storedParams: JSONValue

    /// What one job of the request costs to generate.
    static func jobSpec(_ request: ValidatedImageRequest) -> ImageJobSpec {
        let p = request.input.params
        return ImageJobSpec(
            width: p.width, height: p.height, steps: p.steps, sampler: p.samplerName,
            postProcessors: p.postProcessing ?? [], controlNet: p.controlType != nil,
            returnControlMapOnly: p.returnControlMap ?? false, hasSourceImage: request.input.sourceImage != nil,
            loras: (p.loras ?? []).count, hasTextualInversions: !(p.tis ?? []).isEmpty,
            baseline: request.baseline, hiresFix: p.hiresFix ?? false, qrCode: p.workflow == "qr_code")
    }

    /// The dry-run price, from the same job spec the real charge is computed from.
    static func dryRunKudos(_ request: ValidatedImageRequest) -> Double {
        ImagePricing.dryRunKudos(
            jobSpec(request), n: request.input.params.n, hasModels: !request.models.isEmpty,
            slowWorkers: request.input.slowWorkers, workerBlacklist: request.input.workerBlacklist)
    }

    /// Prices `request` and builds the scheduler's command.
    init(
        _ request: ValidatedImageRequest, id: UUID, user: AuthenticatedUser, priority: Double, now: Date,
        ttl: Duration
    ) throws {
        let input = request.input
        let spec = Self.jobSpec(request)
        let price = ImagePricing.jobPrice(spec)
        // Encoded once: the stored parameters and the workers' payload both start from it.
        let params = try APICoding.jsonValue(of: input.params)
        let payload = Self.payload(input, params: params)
        created = RequestCreated(
            requestId: id, kind: .image, userId: user.id, priority: priority, models: request.models,
            n: input.params.n, payload: payload, kudosPerJob: ImagePricing.workerReward(spec),
            costPerJob: ImagePricing.requesterCost(
                spec, slowWorkers: input.slowWorkers, workerBlacklist: input.workerBlacklist)
                + Self.extraSourceTaxPerJob(input),
            thingsPerJob: spec.pixelSteps, pixels: input.params.width * input.params.height, nsfw: input.nsfw,
            trustedWorkers: input.trustedWorkers, slowWorkers: input.slowWorkers,
            extraSlowWorkers: input.extraSlowWorkers, workers: request.workers,
            workerBlacklist: input.workerBlacklist, disableBatching: input.disableBatching,
            jobTTLSeconds: ImagePricing.jobTTL(spec, heavyModel: request.heavyModel),
            webhook: input.webhook, createdAt: now, expiresAt: now.addingTimeInterval(ttl.seconds),
            sourceProcessing: input.sourceImage == nil ? nil : input.sourceProcessing,
            extraSourceImages: (input.extraSourceImages ?? []).count, requesterTrusted: user.trusted || user.moderator,
            r2: input.r2)
        responseKudos = price.rounded(.toNearestOrEven)
        storedParams = .object([
            "prompt": .string(input.prompt),
            "params": params,
            "nsfw": .bool(input.nsfw),
            "censor_nsfw": .bool(input.censorNsfw),
            "trusted_workers": .bool(input.trustedWorkers),
            "validated_backends": .bool(input.validatedBackends),
            "slow_workers": .bool(input.slowWorkers),
            "extra_slow_workers": .bool(input.extraSlowWorkers),
            "workers": .array(request.workers.map { .string($0.apiString) }),
            "worker_blacklist": .bool(input.workerBlacklist),
            "r2": .bool(input.r2),
            "shared": .bool(input.shared),
            "replacement_filter": .bool(input.replacementFilter),
            "disable_batching": .bool(input.disableBatching),
            "allow_downgrade": .bool(input.allowDowngrade),
        ])
    }

    /// The 5-kudo horde tax of each extra source image, spread over the request's jobs: this horde charges per
    /// delivered job, so the request pays the tax once all its jobs are delivered.
    static func extraSourceTaxPerJob(_ input: GenerationInputStable) -> Double {
        let extras = input.sourceImage == nil ? 0 : (input.extraSourceImages ?? []).count
        guard extras > 0 else { return 0 }
        return KudosMath.round2(5 * Double(extras) / Double(max(input.params.n, 1)))
    }

    /// What workers receive: the normalised parameters with the reference's renames (`steps` → `ddim_steps`),
    /// without `n` (the scheduler sets `n_iter` per pop), plus the prompt and the censor flag. A client seed
    /// (and `seed_variation`) stays as sent; the scheduler turns it into the per-pop seed.
    static func payload(_ input: GenerationInputStable, params: JSONValue) -> JSONValue {
        guard case .object(var object) = params else { return .object([:]) }
        object["n"] = nil
        object["steps"] = nil
        object["ddim_steps"] = .number(Double(input.params.steps))
        object["prompt"] = .string(input.prompt)
        if !input.nsfw, input.censorNsfw { object["use_nsfw_censor"] = true }
        return .object(object)
    }
}
