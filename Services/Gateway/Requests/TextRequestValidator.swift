import Foundation
import Messages
import ServiceKit

/// A text request that passed validation, with its worker list parsed.
struct ValidatedTextRequest: Sendable, Equatable {
    /// The decoded body.
    var input: GenerationInputKobold
    /// Requested models, duplicates removed.
    var models: [String]
    /// Worker ids the request is limited to (or excludes).
    var workers: [UUID]
    /// Billions of parameters of the first model (prices the estimate); nil when neither the reference nor the
    /// name says.
    var firstModelBillions: Double? = nil
}

/// Validates `POST /v2/generate/text/async` bodies: the swagger limits first, then the catalogue checks.
enum TextRequestValidator {
    /// The validated request, or the first problem as a `HordeError`; `reference` supplies the models' sizes.
    static func validate(
        _ input: GenerationInputKobold, user: AuthenticatedUser, allowHTTPWebhooks: Bool,
        reference: ModelReference = .empty
    ) throws -> ValidatedTextRequest {
        try CommonRequestChecks.requireActive(user)
        var errors = SchemaErrors()
        let p = input.params
        errors.range(p.n, "params.n", 1, 20)
        errors.range(p.maxContextLength, "params.max_context_length", 80, 1_048_576)
        errors.range(p.maxLength, "params.max_length", 16, 4096)
        errors.range(p.repPen, "params.rep_pen", 1, 3)
        errors.range(p.repPenRange, "params.rep_pen_range", 0, 4096)
        errors.range(p.repPenSlope, "params.rep_pen_slope", 0, 10)
        errors.range(p.temperature, "params.temperature", 0, 5)
        errors.range(p.tfs, "params.tfs", 0, 1)
        errors.range(p.topA, "params.top_a", 0, 1)
        errors.range(p.topK, "params.top_k", 0, 200)
        errors.range(p.topP, "params.top_p", 0.001, 1)
        errors.range(p.typical, "params.typical", 0, 1)
        errors.range(p.minP, "params.min_p", 0, 1)
        errors.range(p.smoothingFactor, "params.smoothing_factor", 0, 10)
        errors.range(p.dynatempRange, "params.dynatemp_range", 0, 5)
        errors.range(p.dynatempExponent, "params.dynatemp_exponent", 0, 5)
        errors.length(input.softprompt, "softprompt", min: 1)
        errors.length(input.style, "style", min: 3, max: 1024)
        for (index, model) in input.models.enumerated() {
            errors.length(model, "models.\(index)", min: 1, max: 255)
        }
        CommonRequestChecks.webhook(input.webhook, allowHTTP: allowHTTPWebhooks, errors: &errors)
        let workers = CommonRequestChecks.workerIds(input.workers, errors: &errors)
        try errors.throwIfAny()

        try CommonRequestChecks.requirePrompt(input.prompt)
        if p.maxLength > p.maxContextLength {
            throw HordeError(.tokenOverflow, "Your max_length cannot be greater than your max_context_length.")
        }
        if let order = p.samplerOrder, Set(order).count < 7 {
            throw HordeError(.missingFullSamplerOrder, "When sending a custom sampler order, you need to specify all possible samplers in the order.")
        }
        if let stops = p.stopSequence {
            if Set(stops).count > 128 {
                throw HordeError(.tooManyStopSequences, "Too many stop sequences specified (max 128).")
            }
            if stops.reduce(0, { $0 + $1.count }) > 2000 {
                throw HordeError(.excessiveStopSequence, "Your stop sequences are too long (max 2000 characters in total).")
            }
        }
        if let extra = input.extraSourceImages, !extra.isEmpty {
            throw HordeError(.invalidExtraSourceImages, "This request type does not accept extra source images.")
        }
        try CommonRequestChecks.policy(
            style: input.style, proxiedAccount: input.proxiedAccount, disableBatching: input.disableBatching, n: p.n,
            user: user)
        let models = CommonRequestChecks.distinct(input.models)
        return ValidatedTextRequest(
            input: input, models: models, workers: workers,
            firstModelBillions: models.first.flatMap(reference.parameters(ofText:)))
    }
}
