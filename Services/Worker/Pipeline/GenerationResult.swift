/// What the backend made for one `WorkerJob`: one image or text per job id, in order.
enum GenerationResult: Sendable {
    /// One encoded image per job id.
    case images([GeneratedImage])
    /// One text per job id.
    case texts([GeneratedText])
}
