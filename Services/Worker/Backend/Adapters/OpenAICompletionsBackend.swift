import Messages

/// Text through the OpenAI-compatible completions API as llama.cpp's server and vLLM serve it:
/// `POST /v1/completions`, answer `{"choices": [{"text": …}]}`.
struct OpenAICompletionsBackend: GenerationBackend {
    /// The server.
    let http: BackendHTTP

    /// `GET /v1/models` answers.
    func probe() async -> Bool { await http.probe("/v1/models") }

    /// A backend talking to `endpoint` through `transport`.
    init(endpoint: BackendEndpoint, transport: any HTTPTransport) {
        http = BackendHTTP(endpoint: endpoint, transport: transport)
    }

    /// Text servers make no images.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        throw BackendError.unsupported(backend: http.endpoint.name, reason: "the completions API generates text only")
    }

    /// One completion; the model is the server's name for it when configured, else the horde's.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        var body: [String: JSONValue] = [
            "model": .string(http.endpoint.servedModel ?? model),
            "prompt": .string(parameters.prompt),
            "max_tokens": .number(Double(parameters.maxLength)),
            "seed": .number(Double(parameters.seed)),
        ]
        for key in ["temperature", "top_p"] {
            if let value = parameters.sampling[key] { body[key] = value }
        }
        var stops = parameters.stopSequences
        if parameters.singleLine { stops.append("\n") }
        if !stops.isEmpty { body["stop"] = .array(stops.map(JSONValue.string)) }
        let answer = try await http.post("/v1/completions", .object(body))
        guard let text = answer["choices"]?.arrayValue?.first?["text"]?.stringValue else {
            throw BackendError.malformedResponse(backend: http.endpoint.name, reason: "no choices[0].text")
        }
        return GeneratedText(text: Self.trimmed(text, parameters), seed: parameters.seed)
    }

    /// Servers differ in whether the matched stop sequence is part of the text; the horde's answer never has it.
    static func trimmed(_ text: String, _ parameters: TextJobParameters) -> String {
        var result = Substring(text)
        var stops = parameters.stopSequences.filter { !$0.isEmpty }
        if parameters.singleLine { stops.append("\n") }
        for stop in stops {
            if let range = result.range(of: stop) { result = result[..<range.lowerBound] }
        }
        return String(result)
    }
}
