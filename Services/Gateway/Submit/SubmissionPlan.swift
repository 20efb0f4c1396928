import Domain
import Foundation
import Messages
import ServiceKit

/// What a validated submit stores and publishes, and the reward it answers with.
struct SubmissionPlan: Sendable, Equatable {
    /// How the job ended.
    var outcome: JobOutcome
    /// The image (base64) or text; empty for a faulted job.
    var result: String
    /// MIME type of `result`.
    var contentType: String
    /// The seed to record.
    var seed: String
    /// The worker's notes, stored as sent.
    var genMetadata: [GenerationMetadataStable]
    /// Text jobs: tokens delivered.
    var tokens: Int?
    /// The `reward` of the answer: the pre-bridge reward, 0 for a faulted job.
    var reward: Double

    /// Most metadata entries a submit may carry.
    static let maxMetadata = 50

    /// Checks the job can take this submit: owned by the caller, still in progress, of this kind.
    static func requireSubmittable(_ job: JobRecord?, kind: RequestKind, user: AuthenticatedUser) throws -> JobRecord {
        guard let job, job.kind == kind else {
            throw HordeError(.invalidJobID, "Processing Generation with ID not found. Has the request expired?")
        }
        guard job.workerOwnerId == user.id else {
            throw HordeError(.wrongCredentials, "Wrong credentials to submit as this worker.")
        }
        switch job.state {
        case "done": throw HordeError(.duplicateGen, "Processing Generation has already been submitted.")
        case "faulted", "timed_out": throw HordeError(.abortedGen, "This generation was aborted: it took too long to finish.")
        default: return job
        }
    }

    /// Validates the metadata list (schema limits).
    static func validateMetadata(_ metadata: [GenerationMetadataStable]) throws {
        var errors = SchemaErrors()
        if metadata.count > maxMetadata { errors.add("gen_metadata", "Too many entries (at most \(maxMetadata))") }
        for (index, entry) in metadata.enumerated() {
            errors.oneOf(entry.type, "gen_metadata.\(index).type", GenerationMetadataStable.types)
            errors.oneOf(entry.value, "gen_metadata.\(index).value", GenerationMetadataStable.values)
            errors.length(entry.ref, "gen_metadata.\(index).ref", max: 255)
        }
        try errors.throwIfAny()
    }

    /// How the job ended: the worker's `state`, with censorship read from the metadata as the reference does.
    static func outcome(state: String, metadata: [GenerationMetadataStable]) -> JobOutcome {
        let censorship = metadata.filter { $0.type == "censorship" }.map(\.value)
        if state == "faulted" { return .faulted }
        if state == "csam" || censorship.contains("csam") { return .csam }
        if state == "censored" || censorship.contains("nsfw") { return .censored }
        return .ok
    }

    /// An image submit.
    static func image(_ input: SubmitInputStable, job: JobRecord) throws -> SubmissionPlan {
        try validate(state: input.base.state)
        try validateMetadata(input.genMetadata)
        let outcome = outcome(state: input.base.state, metadata: input.genMetadata)
        var result = ""
        var contentType = "image/webp"
        if outcome != .faulted {
            let generation = input.base.generation ?? ""
            guard let type = GenerationImageCheck.contentType(ofBase64: generation) else {
                throw HordeError(.badRequest, "The generation must be a base64-encoded PNG or WebP image.")
            }
            result = generation
            contentType = type
        }
        return SubmissionPlan(
            outcome: outcome, result: result, contentType: contentType, seed: input.seed ?? job.seed ?? "",
            genMetadata: input.genMetadata, tokens: nil, reward: outcome == .faulted ? 0 : job.requestKudos)
    }

    /// A text submit: priced from the delivered tokens.
    static func text(_ input: SubmitInputKobold, job: JobRecord, owner: AuthenticatedUser) throws -> SubmissionPlan {
        try validate(state: input.base.state)
        try validateMetadata(input.genMetadata)
        let outcome = outcome(state: input.base.state, metadata: input.genMetadata)
        guard outcome == .faulted || input.base.generation != nil else {
            throw HordeError.validation(errors: ["generation": "'generation' is a required property"])
        }
        let text = outcome == .faulted ? "" : input.base.generation ?? ""
        let tokens = TextPricing.tokens(characters: text.count, maxLength: job.maxLength)
        let reward = TextPricing.reward(
            tokens: tokens, parametersBillions: TextPricing.parametersFromName(job.model),
            contextMultiplier: TextPricing.contextMultiplier(
                promptCharacters: job.promptCharacters, maxLength: job.maxLength),
            validatedBackend: BridgeAgent(job.bridgeAgent).isValidatedTextBackend, ownerTrusted: owner.trusted)
        return SubmissionPlan(
            outcome: outcome, result: text, contentType: "text/plain; charset=utf-8",
            seed: input.seed ?? job.seed ?? "", genMetadata: input.genMetadata,
            tokens: outcome == .faulted ? 0 : tokens, reward: outcome == .faulted ? 0 : reward)
    }

    private static func validate(state: String) throws {
        var errors = SchemaErrors()
        errors.oneOf(state, "state", SubmitInput.states)
        try errors.throwIfAny()
    }
}
