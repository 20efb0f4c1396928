/// What the text model reference says about one model.
struct TextModelInfo: Sendable, Equatable {
    /// The model name as the reference lists it (without a backend prefix).
    var name: String
    /// Billions of parameters, which price text jobs.
    var parametersBillions: Double
    /// The model family, when the reference names one.
    var baseline: String?
}
