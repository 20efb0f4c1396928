import Foundation
import Messages
import ServiceKit

/// Validates pop bodies and turns them into what the gateway stores (`WorkerCheckIn`) and what the scheduler
/// matches on (`WorkerProfile`).
enum PopRequestBuilder {
    /// Longest worker name.
    static let maxNameLength = 100
    /// Most models an image worker may declare (text workers: `maxTextModels`).
    static let maxImageModels = 300
    /// Most models a text worker may declare.
    static let maxTextModels = 200
    /// Most blacklist words kept, and their longest length.
    static let maxBlacklistWords = 200
    /// Longest blacklist word kept (longer ones are cut).
    static let blacklistWordLength = 15

    /// Anonymous, deleted and flagged accounts cannot run workers.
    static func requireWorkerOwner(_ user: AuthenticatedUser) throws {
        if user.isAnonymous {
            throw HordeError(.anonForbiddenWorker, "Anonymous user is forbidden from performing this operation.")
        }
        if user.deleted { throw HordeError(.deletedUser, "This account has been marked for deletion.") }
        if user.flagged {
            throw HordeError(.workerFlaggedMaintenance, "Your user has been flagged by our community for suspicious activity.")
        }
    }

    /// Checks the fields every pop shares; returns the priority users' ids.
    static func validateCommon(_ input: PopInput, maxModels: Int, errors: inout SchemaErrors) throws -> [Int] {
        errors.length(input.name, "name", min: 1)
        errors.range(input.threads, "threads", 1, 50)
        errors.range(input.amount, "amount", 1, 20)
        errors.length(input.bridgeAgent, "bridge_agent", max: 1000)
        if input.models.count > maxModels { errors.add("models", "Too many models (at most \(maxModels))") }
        for (index, model) in input.models.enumerated() { errors.length(model, "models.\(index)", min: 3, max: 255) }
        try errors.throwIfAny()
        if input.name.count > maxNameLength {
            throw HordeError(.tooLongWorkerName, "Worker name is too long. Please keep it below \(maxNameLength) characters.")
        }
        return try input.priorityUsernames.map(priorityUserId)
    }

    /// `alias#42` → 42; anything else is 400 `InvalidPriorityUsername`.
    static func priorityUserId(_ username: String) throws -> Int {
        let parts = username.split(separator: "#", omittingEmptySubsequences: false)
        guard parts.count >= 2, let last = parts.last, !last.isEmpty, last.allSatisfy(\.isASCIIDigit),
            let id = Int(last)
        else {
            throw HordeError(.invalidPriorityUsername, "Priority usernames need to be in the form alias#number: '\(username.prefix(60))'.")
        }
        return id
    }

    /// Validates an image pop and builds its check-in and profile (the profile's id is filled in later).
    static func image(_ input: PopInputStable, user: AuthenticatedUser, ipAddress: String) throws
        -> (checkIn: WorkerCheckIn, priorityUserIds: [Int])
    {
        var errors = SchemaErrors()
        errors.range(input.maxPixels, "max_pixels", 1, Int(Int32.max))
        let priority = try validateCommon(input.base, maxModels: maxImageModels, errors: &errors)
        let models = input.base.models.isEmpty ? ["stable_diffusion"] : CommonRequestChecks.distinct(input.base.models)
        let checkIn = WorkerCheckIn(
            name: input.base.name, kind: .image, bridgeAgent: input.base.bridgeAgent, models: models,
            nsfw: input.base.nsfw, threads: input.base.threads, maxPixels: input.maxPixels,
            allowImg2Img: input.allowImg2img, allowPainting: input.allowPainting,
            allowPostProcessing: input.allowPostProcessing, allowControlNet: input.allowControlnet,
            allowSdxlControlNet: input.allowSdxlControlnet, allowLora: input.allowLora, ipAddress: ipAddress)
        return (checkIn, priority)
    }

    /// Validates a text pop and builds its check-in.
    static func text(_ input: PopInputKobold, user: AuthenticatedUser, ipAddress: String) throws
        -> (checkIn: WorkerCheckIn, priorityUserIds: [Int])
    {
        var errors = SchemaErrors()
        errors.range(input.maxLength, "max_length", 1, 1_048_576)
        errors.range(input.maxContextLength, "max_context_length", 1, 1_048_576)
        let priority = try validateCommon(input.base, maxModels: maxTextModels, errors: &errors)
        let checkIn = WorkerCheckIn(
            name: input.base.name, kind: .text, bridgeAgent: input.base.bridgeAgent,
            models: CommonRequestChecks.distinct(input.base.models), nsfw: input.base.nsfw, threads: input.base.threads,
            maxLength: input.maxLength, maxContextLength: input.maxContextLength, ipAddress: ipAddress)
        return (checkIn, priority)
    }

    /// What the scheduler matches on.
    static func profile(
        _ checkIn: WorkerCheckIn, record: WorkerRecord, owner: AuthenticatedUser, base: PopInput,
        blacklist: [String] = [], priorityUserIds: [Int], limits: WorkerLimits = WorkerLimits()
    ) -> WorkerProfile {
        WorkerProfile(
            workerId: record.id, name: record.name, ownerId: owner.id, ownerTrusted: owner.trusted, kind: checkIn.kind,
            models: checkIn.models, bridgeAgent: checkIn.bridgeAgent, nsfw: checkIn.nsfw, maxPixels: checkIn.maxPixels,
            maxLength: checkIn.maxLength, maxContextLength: checkIn.maxContextLength, amount: base.amount,
            threads: checkIn.threads, allowImg2Img: checkIn.allowImg2Img, allowPainting: checkIn.allowPainting,
            allowPostProcessing: checkIn.allowPostProcessing, allowControlNet: checkIn.allowControlNet,
            allowLora: checkIn.allowLora,
            blacklist: blacklist.prefix(maxBlacklistWords).map { String($0.prefix(blacklistWordLength)) },
            priorityUserIds: priorityUserIds, requireUpfrontKudos: base.requireUpfrontKudos,
            maintenance: record.maintenance, paused: record.paused, extraSlow: base.extraSlowWorker,
            allowSdxlControlNet: checkIn.allowSdxlControlNet, allowUnsafeIP: limits.allowUnsafeIP,
            limitMaxSteps: limits.limitMaxSteps, softprompts: limits.softprompts)
    }

    /// Pop fields the scheduler matches on that the worker's stored record doesn't keep.
    struct WorkerLimits: Sendable {
        /// Takes requests from unsafe IPs (the reference's default: true).
        var allowUnsafeIP = true
        /// Refuses jobs with more steps than its models usually need.
        var limitMaxSteps = false
        /// Text workers: the soft prompts offered.
        var softprompts: [String] = []
    }
}
