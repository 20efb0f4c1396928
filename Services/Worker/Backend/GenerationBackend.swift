/// One generated image: the encoded file and the seed it was rendered with.
struct GeneratedImage: Sendable {
    /// The encoded image (PNG).
    var data: [UInt8]
    /// The seed the image was rendered with (reported in the submit).
    var seed: UInt64
    /// Width in pixels.
    var width: Int
    /// Height in pixels.
    var height: Int
    /// Notes submitted with the image (LoRas or embeddings that could not be used).
    var metadata: [GenerationMetadata] = []
}

/// One generated text.
struct GeneratedText: Sendable {
    /// The generated text.
    var text: String
    /// The seed the text was composed with.
    var seed: UInt64
}

/// Something that turns job payloads into results: the built-in CPU renderer, or (later) a real model server.
protocol GenerationBackend: Sendable {
    /// Every image of a batch, in batch order.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage]
    /// One text.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText
    /// Whether the server answers its health check (a cheap GET), so a lane can pause popping while it is down.
    func probe() async -> Bool
}

extension GenerationBackend {
    /// Backends without a server are always up.
    func probe() async -> Bool { true }
}
