import Domain
import Foundation
import Messages

/// An accepted text request, ready to queue.
struct TextRequestPlan: Sendable {
    /// The command published to the scheduler.
    var created: RequestCreated
    /// `gateway.requests.params`: the normalised request.
    var storedParams: JSONValue

    /// Key of the soft prompt inside the queued payload; the gateway moves it to the pop answer's top level.
    static let softpromptKey = "softprompt"

    /// Billions of parameters the estimate assumes: the first model's (reference, else name), else 13.
    static func parameters(of request: ValidatedTextRequest) -> Double {
        request.firstModelBillions ?? 13
    }

    /// The estimated reward of one job, P of the first model (`TextPricing.estimatePerJob`).
    static func estimatePerJob(_ request: ValidatedTextRequest) -> Double {
        let p = request.input.params
        return TextPricing.estimatePerJob(
            maxLength: p.maxLength, maxContextLength: p.maxContextLength, firstModelBillions: parameters(of: request))
    }

    /// The dry-run price (`TextPricing.dryRunKudos`), over the same estimate the queued request carries.
    static func dryRunKudos(_ request: ValidatedTextRequest) -> Double {
        let p = request.input.params
        return TextPricing.dryRunKudos(
            maxLength: p.maxLength, maxContextLength: p.maxContextLength, firstModelBillions: parameters(of: request),
            n: p.n)
    }

    /// Builds the scheduler's command. Text jobs are priced from the delivered tokens, so the per-job figures
    /// here are the estimate.
    init(
        _ request: ValidatedTextRequest, id: UUID, user: AuthenticatedUser, priority: Double, now: Date, ttl: Duration
    ) throws {
        let input = request.input
        // Encoded once: the stored parameters and the workers' payload both start from it.
        let params = try APICoding.jsonValue(of: input.params)
        let estimate = KudosMath.round2(Self.estimatePerJob(request))
        created = RequestCreated(
            requestId: id, kind: .text, userId: user.id, priority: priority, models: request.models,
            n: input.params.n, payload: Self.payload(input, params: params), kudosPerJob: estimate,
            costPerJob: TextPricing.requesterCost(reward: estimate), thingsPerJob: Double(input.params.maxLength),
            maxLength: input.params.maxLength, maxContextLength: input.params.maxContextLength, nsfw: input.nsfw,
            trustedWorkers: input.trustedWorkers, slowWorkers: input.slowWorkers,
            extraSlowWorkers: input.extraSlowWorkers, workers: request.workers,
            workerBlacklist: input.workerBlacklist, disableBatching: input.disableBatching,
            jobTTLSeconds: TextPricing.jobTTLSeconds, webhook: input.webhook, createdAt: now,
            expiresAt: now.addingTimeInterval(ttl.seconds), requesterTrusted: user.trusted || user.moderator,
            validatedBackends: input.validatedBackends)
        storedParams = .object([
            "prompt": .string(input.prompt),
            "prompt_characters": .number(Double(input.prompt.count)),
            "params": params,
            "softprompt": input.softprompt.map(JSONValue.string) ?? .null,
            "nsfw": .bool(input.nsfw),
            "trusted_workers": .bool(input.trustedWorkers),
            "validated_backends": .bool(input.validatedBackends),
            "slow_workers": .bool(input.slowWorkers),
            "extra_slow_workers": .bool(input.extraSlowWorkers),
            "workers": .array(request.workers.map { .string($0.apiString) }),
            "worker_blacklist": .bool(input.workerBlacklist),
            "disable_batching": .bool(input.disableBatching),
            "allow_downgrade": .bool(input.allowDowngrade),
        ])
    }

    /// What workers receive: the parameters without `n` (the scheduler sets it per pop) plus the prompt, and the
    /// soft prompt under `softprompt` for the gateway to lift out.
    static func payload(_ input: GenerationInputKobold, params: JSONValue) -> JSONValue {
        guard case .object(var object) = params else { return .object([:]) }
        object["n"] = nil
        object["prompt"] = .string(input.prompt)
        if let softprompt = input.softprompt { object[softpromptKey] = .string(softprompt) }
        return .object(object)
    }
}
