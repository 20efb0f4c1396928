/// What the backend made for one `WorkerJob`: one image or text per job id, in order.
enum GenerationResult: Sendable {
    case images([GeneratedImage])
    case texts([GeneratedText])
}
