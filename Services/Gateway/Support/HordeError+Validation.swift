import Messages
import ServiceKit

extension HordeError {
    /// 400 for a payload that does not match the schema: `{"message": "Input payload validation failed",
    /// "rc": "ValidationError", "errors": {field: problem}}`.
    static func validation(errors: [String: String]) -> HordeError {
        HordeError(
            .validationError, "Input payload validation failed",
            extra: ["errors": .object(errors.mapValues { JSONValue.string($0) })])
    }
}
