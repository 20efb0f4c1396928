import Foundation
import Messages
import ServiceKit

/// An image request that passed validation, with its worker list parsed.
struct ValidatedImageRequest: Sendable, Equatable {
    /// The decoded body.
    var input: GenerationInputStable
    /// Requested models, duplicates removed.
    var models: [String]
    /// Worker ids the request is limited to (or excludes).
    var workers: [UUID]
    /// The family of the first model (prices the request), from the model reference.
    var baseline: String? = nil
    /// Whether any requested model is of a family whose jobs get a longer TTL.
    var heavyModel = false
    /// Settings the requested models are known not to suit (the request is accepted anyway).
    var warnings: [RequestSingleWarning] = []
}

/// Validates `POST /v2/generate/async` bodies: the swagger limits first (all problems in one 400), then the
/// catalogue checks, each with its own rc.
enum ImageRequestValidator {
    /// Prompts longer than this many words are refused.
    static let maxPromptWords = 7500

    /// The validated request, or the first problem as a `HordeError`; `reference` supplies the models'
    /// families and requirements.
    static func validate(
        _ input: GenerationInputStable, user: AuthenticatedUser, allowHTTPWebhooks: Bool,
        reference: ModelReference = .empty
    ) throws -> ValidatedImageRequest {
        try CommonRequestChecks.requireActive(user)
        var errors = SchemaErrors()
        let p = input.params
        errors.range(p.n, "params.n", 1, 20)
        errors.range(p.steps, "params.steps", 1, 500)
        for (value, field) in [(p.width, "params.width"), (p.height, "params.height")] {
            errors.range(value, field, 64, 3072)
            if value % 64 != 0 { errors.add(field, "\(value) is not a multiple of 64") }
        }
        errors.range(p.cfgScale, "params.cfg_scale", 0, 100)
        errors.oneOf(p.samplerName, "params.sampler_name", ModelGenerationInputStable.samplers)
        errors.range(p.denoisingStrength, "params.denoising_strength", 0.01, 1)
        errors.range(p.hiresFixDenoisingStrength, "params.hires_fix_denoising_strength", 0.01, 1)
        errors.range(p.clipSkip, "params.clip_skip", 1, 12)
        errors.range(p.facefixerStrength, "params.facefixer_strength", 0, 1)
        errors.range(p.seedVariation, "params.seed_variation", 1, 1000)
        errors.oneOf(p.controlType, "params.control_type", ModelGenerationInputStable.controlTypes)
        errors.oneOf(p.workflow, "params.workflow", ["qr_code"])
        let postProcessors = p.postProcessing ?? []
        let knownProcessors = ModelGenerationInputStable.upscalers.union(ModelGenerationInputStable.facePostProcessors)
        for (index, name) in postProcessors.enumerated() {
            errors.oneOf(name, "params.post_processing.\(index)", knownProcessors)
        }
        if Set(postProcessors).count != postProcessors.count {
            errors.add("params.post_processing", "\(postProcessors) has non-unique elements")
        }
        for (index, lora) in (p.loras ?? []).enumerated() {
            errors.length(lora.name, "params.loras.\(index).name", min: 1, max: 255)
            errors.range(lora.model, "params.loras.\(index).model", -5, 5)
            errors.range(lora.clip, "params.loras.\(index).clip", -5, 5)
            errors.length(lora.injectTrigger, "params.loras.\(index).inject_trigger", min: 1, max: 30)
        }
        for (index, ti) in (p.tis ?? []).enumerated() {
            errors.length(ti.name, "params.tis.\(index).name", min: 1, max: 255)
            errors.oneOf(ti.injectTi, "params.tis.\(index).inject_ti", ["prompt", "negprompt"])
            errors.range(ti.strength, "params.tis.\(index).strength", -5, 5)
        }
        for (index, extra) in (p.extraTexts ?? []).enumerated() {
            errors.length(extra.text, "params.extra_texts.\(index).text", min: 1)
            errors.length(extra.reference, "params.extra_texts.\(index).reference", min: 3)
        }
        errors.oneOf(input.sourceProcessing, "source_processing", GenerationInputStable.sourceProcessingModes)
        for (index, model) in input.models.enumerated() {
            errors.length(model, "models.\(index)", min: 1, max: 255)
        }
        errors.length(input.style, "style", min: 3, max: 1024)
        CommonRequestChecks.webhook(input.webhook, allowHTTP: allowHTTPWebhooks, errors: &errors)
        let workers = CommonRequestChecks.workerIds(input.workers, errors: &errors)
        try errors.throwIfAny()

        try CommonRequestChecks.requirePrompt(input.prompt)
        try catalogueChecks(input)
        try SourceImageRules.check(input, trusted: user.trusted || user.moderator, reference: reference)
        try CommonRequestChecks.policy(
            style: input.style, proxiedAccount: input.proxiedAccount, disableBatching: input.disableBatching, n: p.n,
            user: user)
        let models = CommonRequestChecks.distinct(input.models)
        return ValidatedImageRequest(
            input: input, models: models, workers: workers, baseline: models.first.flatMap(reference.baseline(ofImage:)),
            heavyModel: models.contains { ModelBaselines.isHeavy(reference.baseline(ofImage: $0)) },
            warnings: reference.imageWarnings(models: models, params: p))
    }

    /// The checks the reference reports with their own rc, in its order.
    private static func catalogueChecks(_ input: GenerationInputStable) throws {
        let p = input.params
        let words = input.prompt.split(whereSeparator: { $0.isWhitespace }).count
        if words > maxPromptWords {
            throw HordeError(.invalidPromptSize, "Too many words in prompt. Please keep it below \(maxPromptWords) words.")
        }
        let cents = p.cfgScale * 100
        if abs(cents - cents.rounded()) > 1e-6 {
            throw HordeError(.badCFGDecimals, "cfg_scale can have at most 2 decimal places.")
        }
        if (p.postProcessing ?? []).filter(ModelGenerationInputStable.upscalers.contains).count > 1 {
            throw HordeError(.tooManyUpscalers, "Cannot use more than one upscaler at a time.")
        }
        let loras = p.loras ?? []
        if loras.count > 5 { throw HordeError(.tooManyLoras, "You cannot request more than 5 loras per generation.") }
        for lora in loras where lora.isVersion && !lora.name.allSatisfy(\.isASCIIDigit) {
            throw HordeError(.badLoraVersion, "Lora version IDs must be integers: '\(lora.name.prefix(60))'.")
        }
        if (p.tis ?? []).count > 20 {
            throw HordeError(.tooManyTIs, "You cannot request more than 20 Textual Inversions per generation.")
        }
        if let special = p.special?.objectValue, !special.isEmpty {
            throw HordeError(.badRequest, "Only special users can send a special field.")
        }
        if p.workflow == "qr_code" {
            if !(p.extraTexts ?? []).contains(where: { $0.reference == "qr_code" }) {
                throw HordeError(.missingExtraTexts, "This request requires you pass the required extra texts for this workflow.")
            }
        } else if !(p.extraTexts ?? []).isEmpty {
            throw HordeError(.invalidExtraTexts, "This request type does not accept extra texts.")
        }
        if p.imageIsControl == true, p.returnControlMap == true {
            throw HordeError(.controlNetInvalidPayload, "Invalid ControlNet parameters: cannot send image_is_control and return_control_map together.")
        }
        if p.controlType != nil, input.sourceImage == nil {
            throw HordeError(.controlNetSourceMissing, "Controlnet Requires a source image.")
        }
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
