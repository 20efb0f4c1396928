/// The backend the pipeline uses: sends each job to the backend configured for its model.
struct ModelRoutedBackend: GenerationBackend {
    /// Backends by model name.
    let routes: [String: any GenerationBackend]
    /// Backend name by model name (for health probes: one probe per server).
    private let routeNames: [String: String]
    /// Backends by their configured name.
    private let named: [String: any GenerationBackend]
    /// Without a configuration file every model runs on the CPU backend.
    private let fallback: CPUBackend?

    /// Routes built from `configuration`; nil configuration sends every model to `cpu`.
    init(configuration: BackendConfiguration?, cpu: CPUBackend, transport: any HTTPTransport) {
        guard let configuration else {
            routes = [:]
            routeNames = [:]
            named = [:]
            fallback = cpu
            return
        }
        var built: [String: any GenerationBackend] = [:]
        for (name, definition) in configuration.backends {
            switch (definition.type, definition.endpoint) {
            case (.koboldai, let endpoint?): built[name] = KoboldAIBackend(endpoint: endpoint, transport: transport)
            case (.openai, let endpoint?): built[name] = OpenAICompletionsBackend(endpoint: endpoint, transport: transport)
            case (.automatic1111, let endpoint?): built[name] = Automatic1111Backend(endpoint: endpoint, transport: transport)
            case (.comfyui, let endpoint?):
                built[name] = ComfyUIBackend(
                    endpoint: endpoint, settings: definition.comfy ?? ComfyUISettings(), transport: transport)
            default: built[name] = cpu
            }
        }
        routes = configuration.routes.compactMapValues { built[$0] }
        routeNames = configuration.routes
        named = built
        fallback = nil
    }

    /// Images from the model's backend.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        try await backend(for: model).generateImages(parameters, model: model)
    }

    /// Text from the model's backend.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        try await backend(for: model).generateText(parameters, model: model)
    }

    /// True when every backend serving one of `models` answers its health check.
    func probe(models: [String]) async -> Bool {
        let names = Set(models.compactMap { routeNames[$0] })
        for name in names.sorted() {
            guard let backend = named[name] else { continue }
            if await !backend.probe() { return false }
        }
        return true
    }

    private func backend(for model: String) throws -> any GenerationBackend {
        if let backend = routes[model] { return backend }
        if let fallback { return fallback }
        throw BackendError.unknownModel(model)
    }
}
