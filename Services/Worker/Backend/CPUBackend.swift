import Dispatch

/// The built-in backend: deterministic images (`ImageRenderer` + `PNGEncoder`) and texts (`TextComposer`),
/// computed on a private dispatch queue so long renders never occupy the cooperative thread pool.
struct CPUBackend: GenerationBackend {
    /// Each job takes at least this long (Default: zero), to imitate a real model's pace in demos and tests.
    var minimumJobDuration: Duration
    private let queue: DispatchQueue

    /// A backend whose jobs take at least `minimumJobDuration`.
    init(minimumJobDuration: Duration = .zero) {
        self.minimumJobDuration = minimumJobDuration
        self.queue = DispatchQueue(label: "horde.worker.cpu-backend", attributes: .concurrent)
    }

    /// Renders and encodes each image of the batch with its own seed.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        let started = ContinuousClock.now
        var images: [GeneratedImage] = []
        for index in 0..<parameters.count {
            try Task.checkCancellation()
            let seed = parameters.seed(forImage: index)
            let data = try await offload {
                let pixels = ImageRenderer.render(
                    prompt: parameters.prompt + "###" + parameters.negativePrompt, seed: seed,
                    width: parameters.width, height: parameters.height)
                return try PNGEncoder.encode(width: parameters.width, height: parameters.height, rgb: pixels)
            }
            images.append(GeneratedImage(data: data, seed: seed, width: parameters.width, height: parameters.height))
        }
        try await pace(since: started)
        return images
    }

    /// Composes the text within the job's token budget.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        let started = ContinuousClock.now
        let text = try await offload {
            TextComposer.compose(
                prompt: parameters.prompt, seed: parameters.seed, maxLength: parameters.maxLength,
                stopSequences: parameters.stopSequences, singleLine: parameters.singleLine)
        }
        try await pace(since: started)
        return GeneratedText(text: text, seed: parameters.seed)
    }

    private func pace(since started: ContinuousClock.Instant) async throws {
        let remaining = minimumJobDuration - (ContinuousClock.now - started)
        if remaining > .zero { try await Task.sleep(for: remaining) }
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
