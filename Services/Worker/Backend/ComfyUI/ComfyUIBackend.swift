import Foundation
import Messages

/// Images through ComfyUI's HTTP API: the job's workflow goes to `POST /prompt` (`{"prompt", "client_id"}`,
/// answer `{"prompt_id"}`), `GET /history/{prompt_id}` is polled until the prompt has outputs, and each output
/// image is fetched from `GET /view?filename=&subfolder=&type=`. An img2img source is first sent to
/// `POST /upload/image`. A prompt that outlives the backend's timeout is interrupted and the job fails.
struct ComfyUIBackend: GenerationBackend {
    /// The server.
    let http: BackendHTTP
    /// Workflows and checkpoints.
    let settings: ComfyUISettings

    /// `GET /system_stats` answers.
    func probe() async -> Bool { await http.probe("/system_stats") }

    /// A backend talking to `endpoint` through `transport`.
    init(endpoint: BackendEndpoint, settings: ComfyUISettings = ComfyUISettings(), transport: any HTTPTransport) {
        http = BackendHTTP(endpoint: endpoint, transport: transport)
        self.settings = settings
    }

    private var name: String { http.endpoint.name }

    /// Image servers write no text.
    func generateText(_ parameters: TextJobParameters, model: String) async throws -> GeneratedText {
        throw BackendError.unsupported(backend: name, reason: "ComfyUI generates images only")
    }

    /// Runs the job's workflow and returns the first `parameters.count` saved images. A job that times out
    /// (at any step: the prompt may already be queued) or is abandoned is interrupted on the server, without
    /// waiting for it.
    func generateImages(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        do {
            return try await run(parameters, model: model)
        } catch let error as BackendError {
            if case .timedOut = error { Task { [self] in await interrupt() } }
            throw error
        } catch is CancellationError {
            // The job was abandoned (shutdown grace over): free the server for whoever runs it next.
            Task { [self] in await interrupt() }
            throw CancellationError()
        }
    }

    private func run(_ parameters: ImageJobParameters, model: String) async throws -> [GeneratedImage] {
        let deadline = ContinuousClock.now + http.endpoint.timeout
        var uploaded: String?
        if let source = parameters.sourceImage { uploaded = try await upload(source) }
        let template = uploaded == nil ? settings.txt2img : settings.img2img
        let workflow = template
            .filled(ComfyWorkflow.values(parameters, checkpoint: settings.checkpoint(for: model), sourceImage: uploaded))
            .withLoras(parameters.loras)
        let answer = try await http.post(
            "/prompt", ["prompt": workflow.document, "client_id": .string(UUID().uuidString.lowercased())])
        guard let promptId = answer["prompt_id"]?.stringValue, !promptId.isEmpty else {
            throw BackendError.malformedResponse(backend: name, reason: "no prompt_id")
        }
        let outputs = try await waitForOutputs(promptId, deadline: deadline)
        guard outputs.count >= parameters.count else {
            throw BackendError.malformedResponse(
                backend: name, reason: "\(outputs.count) images for a batch of \(parameters.count)")
        }
        var images: [GeneratedImage] = []
        for file in outputs.prefix(parameters.count) {
            let bytes = try await http.send("GET", "/view?" + Self.query(file), timeout: remaining(until: deadline))
            guard let size = PNGSize(bytes) else {
                throw BackendError.malformedResponse(backend: name, reason: "output \(file.filename) is not a PNG")
            }
            // A latent batch is sampled from one seed; ComfyUI reports no per-image seed.
            images.append(GeneratedImage(data: bytes, seed: parameters.seed, width: size.width, height: size.height))
        }
        return images
    }

    /// One saved image as `/history` lists it.
    struct OutputFile: Equatable {
        /// File name.
        var filename: String
        /// Folder below the output directory.
        var subfolder: String
        /// `output` for saved images (`temp` previews are not results).
        var type: String
    }

    /// Polls `/history/{id}` until the prompt finished; its saved images in node order.
    private func waitForOutputs(_ promptId: String, deadline: ContinuousClock.Instant) async throws -> [OutputFile] {
        while true {
            let limit = try remaining(until: deadline)
            let history: JSONValue
            do {
                history = try await http.get("/history/\(promptId)", timeout: limit)
            } catch BackendError.timedOut {
                throw BackendError.timedOut(backend: name, after: http.endpoint.timeout)
            }
            if let entry = history[promptId] {
                let status = entry["status"]
                if status?["status_str"]?.stringValue == "error" {
                    throw BackendError.failed(backend: name, reason: Self.errorMessage(status))
                }
                let files = Self.outputs(entry["outputs"])
                if !files.isEmpty || status?["completed"]?.boolValue == true { return files }
            }
            try await Task.sleep(for: min(settings.pollInterval, limit))
        }
    }

    /// Saved images of every output node, nodes in id order (numeric ids numerically).
    static func outputs(_ outputs: JSONValue?) -> [OutputFile] {
        guard let nodes = outputs?.objectValue else { return [] }
        let ordered = nodes.keys.sorted { (Int($0) ?? Int.max, $0) < (Int($1) ?? Int.max, $1) }
        return ordered.flatMap { id -> [OutputFile] in
            (nodes[id]?["images"]?.arrayValue ?? []).compactMap { image in
                guard let filename = image["filename"]?.stringValue else { return nil }
                let type = image["type"]?.stringValue ?? "output"
                guard type == "output" else { return nil }
                return OutputFile(filename: filename, subfolder: image["subfolder"]?.stringValue ?? "", type: type)
            }
        }
    }

    /// The `execution_error` message of a failed prompt.
    private static func errorMessage(_ status: JSONValue?) -> String {
        for message in status?["messages"]?.arrayValue ?? [] {
            guard let pair = message.arrayValue, pair.count == 2, pair[0].stringValue == "execution_error" else { continue }
            let node = pair[1]["node_type"]?.stringValue.map { " in \($0)" } ?? ""
            return (pair[1]["exception_message"]?.stringValue ?? "execution error") + node
        }
        return "the prompt failed"
    }

    private static func query(_ file: OutputFile) -> String {
        [("filename", file.filename), ("subfolder", file.subfolder), ("type", file.type)]
            .map { "\($0.0)=\(percentEncoded($0.1))" }.joined(separator: "&")
    }

    private static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Time left before `deadline`; past it the job times out.
    private func remaining(until deadline: ContinuousClock.Instant) throws -> Duration {
        let left = deadline - ContinuousClock.now
        guard left > .zero else {
            throw BackendError.timedOut(backend: name, after: http.endpoint.timeout)
        }
        return left
    }

    /// Stops the running prompt so the server is free for the next job (best effort).
    private func interrupt() async {
        _ = try? await http.send("POST", "/interrupt", body: Array("{}".utf8), contentType: "application/json", timeout: .seconds(5))
    }

    /// Uploads the source image (base64, or a URL it is fetched from) and returns the name ComfyUI stored it as.
    private func upload(_ source: String) async throws -> String {
        let bytes: [UInt8]
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let response: TransportResponse
            do {
                response = try await http.transport.send(method: "GET", url: source, headers: [], body: [], timeout: .seconds(60))
            } catch {
                throw BackendError.unreachable(backend: name, reason: "source image download failed: \(error)")
            }
            guard (200..<300).contains(response.status) else {
                throw BackendError.unsupported(backend: name, reason: "source image download answered HTTP \(response.status)")
            }
            bytes = response.body
        } else if let data = Data(base64Encoded: source, options: .ignoreUnknownCharacters) {
            bytes = [UInt8](data)
        } else {
            throw BackendError.unsupported(backend: name, reason: "source image is neither base64 nor a URL")
        }
        let boundary = "horde-\(UUID().uuidString.lowercased())"
        var body: [UInt8] = []
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"horde-source.png\"\r\n".utf8)
        body += Array("Content-Type: application/octet-stream\r\n\r\n".utf8)
        body += bytes
        body += Array("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"overwrite\"\r\n\r\ntrue\r\n--\(boundary)--\r\n".utf8)
        let answer = try await http.send(
            "POST", "/upload/image", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(answer)),
            let stored = parsed["name"]?.stringValue
        else {
            throw BackendError.malformedResponse(backend: name, reason: "upload answer has no name")
        }
        let subfolder = parsed["subfolder"]?.stringValue ?? ""
        return subfolder.isEmpty ? stored : "\(subfolder)/\(stored)"
    }
}
