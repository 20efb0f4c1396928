import Foundation
import Messages
import ServiceKit

/// Validates alchemist pops and turns them into the worker check-in (forms stored as the worker's models).
enum AlchemistPopValidator {
    /// The check-in and the priority users' ids. Schema problems → 400 `ValidationError`; a malformed priority
    /// username → plain 400 `BadRequest`, as the reference answers on this endpoint.
    static func validate(_ input: InterrogationPopInput, ipAddress: String) throws
        -> (checkIn: WorkerCheckIn, priorityUserIds: [Int])
    {
        var errors = SchemaErrors()
        errors.length(input.name, "name", min: 1)
        errors.range(input.threads, "threads", 1, 100)
        errors.range(input.amount, "amount", 1, 20)
        errors.range(input.maxTiles, "max_tiles", 1, 256)
        errors.length(input.bridgeAgent, "bridge_agent", max: 1000)
        let allowed = Set(ModelInterrogationFormStable.names)
        for (index, form) in input.forms.enumerated() { errors.oneOf(form, "forms.\(index)", allowed) }
        try errors.throwIfAny()
        if input.name.count > PopRequestBuilder.maxNameLength {
            throw HordeError(
                .tooLongWorkerName,
                "Worker name is too long. Please keep it below \(PopRequestBuilder.maxNameLength) characters.")
        }
        let priority = try input.priorityUsernames.map { name in
            do {
                return try PopRequestBuilder.priorityUserId(name)
            } catch {
                throw HordeError(.badRequest, "Priority usernames need to be in the form alias#number: '\(name.prefix(60))'.")
            }
        }
        var seen = Set<String>()
        let forms = input.forms.filter { seen.insert($0).inserted }
        let checkIn = WorkerCheckIn(
            name: input.name, kind: .interrogation, bridgeAgent: input.bridgeAgent,
            models: forms.isEmpty ? ["caption"] : forms, nsfw: true, threads: input.threads, ipAddress: ipAddress)
        return (checkIn, priority)
    }
}
