import Messages

/// Text through the KoboldAI API as KoboldCpp serves it: `POST /api/v1/generate`, answer
/// `{"results": [{"text": …}]}`. The horde's text parameters are KoboldAI's, so they pass through by name.
struct KoboldAIBackend: GenerationBackend {
    /// The server.
    let http: BackendHTTP

    /// `GET /api/v1/model` answers.
    func probe() async -> Bool { await http.probe("/api/v1/model") }

    /// A backend talking to `endpoint` through `transport`.
    init(endpoint: BackendEndpoint, transport: any HTTPTransport) {
        http = BackendHTTP(endpoint: endpoint, transport: transport)
    }

    /// Text servers make no images.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        throw BackendError.unsupported(backend: http.endpoint.name, reason: "the KoboldAI API generates text only")
    }

    /// One generation with the job's prompt, lengths, stop sequences and sampling settings.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        var body = parameters.sampling
        body["prompt"] = .string(parameters.prompt)
        body["max_length"] = .number(Double(parameters.maxLength))
        body["max_context_length"] = .number(Double(parameters.maxContextLength))
        body["singleline"] = .bool(parameters.singleLine)
        if !parameters.stopSequences.isEmpty { body["stop_sequence"] = .array(parameters.stopSequences.map(JSONValue.string)) }
        // KoboldCpp's name for a fixed seed; -1 would mean random.
        body["sampler_seed"] = .number(Double(parameters.seed))
        body["quiet"] = .bool(true)
        let answer = try await http.post("/api/v1/generate", .object(body))
        guard let text = answer["results"]?.arrayValue?.first?["text"]?.stringValue else {
            throw BackendError.malformedResponse(backend: http.endpoint.name, reason: "no results[0].text")
        }
        return GeneratedText(text: text, seed: parameters.seed)
    }
}
