import Messages

/// What one form produced.
enum AlchemyOutcome: Sendable, Equatable {
    /// The form's result object, submitted as is (`{"caption": …}`, `{"nsfw": …}`, `{"interrogation": …}`).
    case result(JSONValue)
    /// A post-processed image (PNG), uploaded or submitted as base64 under the form's name.
    case image([UInt8])
}

/// Runs interrogation forms on a source image.
protocol AlchemyBackend: Sendable {
    /// Runs `form` on `image` (the source file's bytes); `payload` is the form's options, if any.
    func run(form: String, image: [UInt8], payload: JSONValue?) async throws -> AlchemyOutcome
}
