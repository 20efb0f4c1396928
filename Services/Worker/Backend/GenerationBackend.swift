/// One generated image: the encoded file and the seed it was rendered with.
struct GeneratedImage: Sendable {
    /// The encoded image (PNG).
    var data: [UInt8]
    var seed: UInt64
    var width: Int
    var height: Int
}

/// One generated text.
struct GeneratedText: Sendable {
    var text: String
    var seed: UInt64
}

/// Something that turns job payloads into results: the built-in CPU renderer, or (later) a real model server.
protocol GenerationBackend: Sendable {
    /// Every image of a batch, in batch order.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage]
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText
}
