import Foundation
import Messages
import ServiceKit

/// The checks of style bodies (HORDE_RULES 1 "Style / collection", the swagger limits): schema limits first, all
/// in one 400, then the rules with their own rc.
enum StyleRules {
    /// Most tags a style may carry.
    static let maxTags = 10
    /// Most models a style may name.
    static let maxModels = 5

    /// Checks a creation body; returns it with the defaults filled in.
    static func validateCreation(_ changes: StyleChanges, kind: StyleKind) throws -> StyleChanges {
        var errors = SchemaErrors()
        if changes.name == nil { errors.add("name", "'name' is a required property") }
        checkLimits(changes, kind: kind, creating: true, errors: &errors)
        try errors.throwIfAny()
        var filled = changes
        filled.prompt = changes.prompt ?? (kind == .image ? "{p}{np}" : "{p}")
        filled.params = changes.params ?? .object([:])
        filled.isPublic = changes.isPublic ?? true
        filled.nsfw = changes.nsfw ?? false
        filled.tags = changes.tags ?? []
        filled.models = changes.models ?? []
        try checkRules(filled, kind: kind)
        if filled.models?.isEmpty ?? true {
            throw HordeError(.badRequest, "A style needs at least one model.")
        }
        return filled
    }

    /// Checks a patch body; at least one field must change.
    static func validatePatch(_ changes: StyleChanges, kind: StyleKind) throws {
        var errors = SchemaErrors()
        checkLimits(changes, kind: kind, creating: false, errors: &errors)
        try errors.throwIfAny()
        if changes == StyleChanges() {
            throw HordeError(.badRequest, "No style modification selected!")
        }
        try checkRules(changes, kind: kind)
        if let models = changes.models, models.isEmpty {
            throw HordeError(.badRequest, "A style needs at least one model.")
        }
    }

    private static func checkLimits(_ changes: StyleChanges, kind: StyleKind, creating: Bool, errors: inout SchemaErrors) {
        errors.length(changes.name, "name", min: 1, max: 100)
        errors.length(changes.info, "info", min: creating ? 10 : 1, max: 1000)
        errors.length(changes.prompt, "prompt", min: kind == .text && creating ? 3 : 7)
        if let params = changes.params, params.objectValue == nil { errors.add("params", "Expected an object") }
        for (index, tag) in (changes.tags ?? []).enumerated() {
            errors.length(tag, "tags.\(index)", min: 1, max: 25)
        }
        for (index, model) in (changes.models ?? []).enumerated() {
            errors.length(model, "models.\(index)", min: 1)
        }
        errors.length(changes.sharedkey, "sharedkey", min: 36, max: 36)
    }

    /// The rules the reference reports with their own rc (emitted as BadRequest, as the reference does).
    private static func checkRules(_ changes: StyleChanges, kind: StyleKind) throws {
        if let prompt = changes.prompt {
            let missing = kind == .image ? !(prompt.contains("{p}") && prompt.contains("{np}")) : !prompt.contains("{p}")
            if missing {
                let needed = kind == .image ? "'{p}' and '{np}'" : "'{p}'"
                throw HordeError(.badRequest, "The prompt template must contain \(needed).")
            }
        }
        if let tags = changes.tags, tags.count > maxTags {
            throw HordeError(.badRequest, "A style can have at most \(maxTags) tags.")
        }
        if let models = changes.models, models.count > maxModels {
            throw HordeError(.badRequest, "A style can use at most \(maxModels) models.")
        }
        if let key = changes.sharedkey, UUID(uuidString: key) == nil {
            throw HordeError(.badRequest, "This shared key does not exist.")
        }
    }
}
