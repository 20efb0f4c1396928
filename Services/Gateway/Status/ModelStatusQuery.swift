import Messages
import HTTP

/// The query of `GET /v2/status/models`: `type` (image | text, default image), `min_count`, `max_count`,
/// `model_state` (known | custom | all, default all). A bad value is a 400 naming the parameter.
struct ModelStatusQuery: Sendable, Equatable {
    /// `image` or `text`.
    var type = "image"
    /// Only models with at least this many workers.
    var minCount: Int?
    /// Only models with at most this many workers.
    var maxCount: Int?
    /// `known` (in the model reference), `custom` (not in it) or `all`.
    var modelState = "all"

    /// Parses the query of `request`.
    init(_ request: HTTPRequest) throws {
        var errors = SchemaErrors()
        if let type = request.queryValue("type") {
            errors.oneOf(type, "type", ["image", "text"])
            self.type = type
        }
        if let state = request.queryValue("model_state") {
            errors.oneOf(state, "model_state", ["known", "custom", "all"])
            self.modelState = state
        }
        minCount = Self.integer(request.queryValue("min_count"), "min_count", &errors)
        maxCount = Self.integer(request.queryValue("max_count"), "max_count", &errors)
        try errors.throwIfAny()
    }

    private static func integer(_ text: String?, _ name: String, _ errors: inout SchemaErrors) -> Int? {
        guard let text else { return nil }
        guard let value = Int(text) else {
            errors.add(name, "invalid literal for int() with base 10: '\(text.prefix(40))'")
            return nil
        }
        return value
    }

    /// Whether a model passes the filters.
    func admits(_ model: QueueSnapshot.ModelStats, reference: ModelReference) -> Bool {
        guard model.kind == type else { return false }
        if let minCount, model.workers < minCount { return false }
        if let maxCount, model.workers > maxCount { return false }
        switch modelState {
        case "known": return reference.isKnown(model.name, kind: type)
        case "custom": return !reference.isKnown(model.name, kind: type)
        default: return true
        }
    }
}
