import Foundation
import Messages

/// Images through the AUTOMATIC1111/Forge web UI API: `POST /sdapi/v1/txt2img` (or `/img2img` when the job
/// carries a source image), answer `{"images": [base64 PNG …], "info": "<JSON with all_seeds>"}`. The whole
/// batch is one request (`batch_size`), so the server renders it in one pass.
struct Automatic1111Backend: GenerationBackend {
    /// The server.
    let http: BackendHTTP

    /// `GET /sdapi/v1/progress` answers.
    func probe() async -> Bool { await http.probe("/sdapi/v1/progress") }

    /// A backend talking to `endpoint` through `transport`.
    init(endpoint: BackendEndpoint, transport: any HTTPTransport) {
        http = BackendHTTP(endpoint: endpoint, transport: transport)
    }

    /// Image servers write no text.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        throw BackendError.unsupported(backend: http.endpoint.name, reason: "the AUTOMATIC1111 API generates images only")
    }

    /// Every image of the batch, decoded from the answer, with the seeds the server reports.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        var body: [String: JSONValue] = [
            "prompt": .string(Self.prompt(parameters)),
            "negative_prompt": .string(Self.withoutEmbeddingPrefix(parameters.negativePrompt)),
            "width": .number(Double(parameters.width)),
            "height": .number(Double(parameters.height)),
            "steps": .number(Double(parameters.steps)),
            "cfg_scale": .number(parameters.cfgScale),
            "sampler_name": .string(SamplerNames.automatic1111(parameters.samplerName)),
            "seed": .number(Double(parameters.seed)),
            "batch_size": .number(Double(parameters.count)),
            "n_iter": 1,
            "send_images": true,
            "save_images": false,
        ]
        if parameters.karras { body["scheduler"] = "Karras" }
        if parameters.clipSkip > 1 {
            body["override_settings"] = ["CLIP_stop_at_last_layers": .number(Double(parameters.clipSkip))]
        }
        let path: String
        if let source = parameters.sourceImage {
            path = "/sdapi/v1/img2img"
            body["init_images"] = [.string(source)]
            body["denoising_strength"] = .number(parameters.denoisingStrength)
        } else {
            path = "/sdapi/v1/txt2img"
        }
        let answer = try await http.post(path, .object(body))
        return try images(in: answer, parameters)
    }

    /// The positive prompt in the web UI's syntax: embeddings by file name, each LoRa as `<lora:name:strength>`.
    static func prompt(_ parameters: ImageJobParameters) -> String {
        var prompt = withoutEmbeddingPrefix(parameters.prompt)
        for lora in parameters.loras {
            prompt += " <lora:\(lora.promptName):\(PromptInjection.format(lora.modelStrength))>"
        }
        return prompt
    }

    /// The web UI finds embeddings by their file name alone; the horde writes them `embedding:<name>`.
    static func withoutEmbeddingPrefix(_ text: String) -> String {
        text.replacingOccurrences(of: "embedding:", with: "")
    }

    /// The first `parameters.count` images (extensions may append extra ones, such as control maps).
    private func images(in answer: JSONValue, _ parameters: ImageJobParameters) throws -> [GeneratedImage] {
        let name = http.endpoint.name
        guard let encoded = answer["images"]?.arrayValue else {
            throw BackendError.malformedResponse(backend: name, reason: "no images array")
        }
        guard encoded.count >= parameters.count else {
            throw BackendError.malformedResponse(
                backend: name, reason: "\(encoded.count) images for a batch of \(parameters.count)")
        }
        let seeds = reportedSeeds(answer)
        return try encoded.prefix(parameters.count).enumerated().map { index, value in
            guard let text = value.stringValue, let data = Data(base64Encoded: Self.stripDataURL(text)) else {
                throw BackendError.malformedResponse(backend: name, reason: "images[\(index)] is not base64")
            }
            let bytes = [UInt8](data)
            guard let size = PNGSize(bytes) else {
                throw BackendError.malformedResponse(backend: name, reason: "images[\(index)] is not a PNG")
            }
            let seed = index < seeds.count ? seeds[index] : parameters.seed(forImage: index)
            return GeneratedImage(data: bytes, seed: seed, width: size.width, height: size.height)
        }
    }

    /// `info` is a JSON document in a string; its `all_seeds` are the seeds actually used.
    private func reportedSeeds(_ answer: JSONValue) -> [UInt64] {
        guard let info = answer["info"]?.stringValue,
            let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(info.utf8)),
            let seeds = parsed["all_seeds"]?.arrayValue
        else { return [] }
        return seeds.compactMap { SeedValue.parse($0) }
    }

    /// Some servers prefix `data:image/png;base64,`.
    private static func stripDataURL(_ text: String) -> String {
        guard text.hasPrefix("data:"), let comma = text.firstIndex(of: ",") else { return text }
        return String(text[text.index(after: comma)...])
    }
}
