import Foundation
import HTTP
import HordeCore
import Messages
import Synchronization
import Testing

@testable import Worker

/// Hands out queued jobs, recording when each pop came, then idles.
private final class QueuedSource: JobSource {
    private let state: Mutex<(jobs: [WorkerJob], pops: [ContinuousClock.Instant])>
    let idleDelay: Duration = .milliseconds(20)
    init(_ jobs: [WorkerJob]) { state = Mutex((jobs, [])) }
    func pop(for lane: WorkerLane) async throws -> PopResult {
        state.withLock { state in
            state.pops.append(.now)
            return state.jobs.isEmpty ? .idle(skipped: [:]) : .job(state.jobs.removeFirst())
        }
    }
    var popTimes: [ContinuousClock.Instant] { state.withLock { $0.pops } }
}

@Suite("Backend configuration and routing", .timeLimit(.minutes(1)))
struct BackendRoutingTests {
    let logger = Logger(label: "test", level: .critical)

    private func parse(_ text: String) throws(BackendConfigurationError) -> BackendConfiguration {
        try BackendConfiguration.parse(Array(text.utf8), file: "worker.json")
    }

    private func problem(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func theDocumentedExampleIsValid() throws {
        let config = try parse(
            #"""
            {"backends": {
               "kobold": {"type": "koboldai", "url": "http://127.0.0.1:5001", "timeout": 120},
               "vllm": {"type": "openai", "url": "http://127.0.0.1:8000/", "timeout": "90s", "api_key": "sk-x",
                        "model": "meta-llama/Meta-Llama-3-8B-Instruct"},
               "forge": {"type": "automatic1111", "url": "http://127.0.0.1:7860"}},
             "models": {"koboldcpp/Llama-3-8B": "kobold", "aphrodite/Llama-3-8B-Instruct": "vllm",
                        "AlbedoBase XL (SDXL)": "forge", "stable_diffusion": "cpu", "text:horde/cpu-text-1B": "cpu"}}
            """#)
        #expect(config.imageModels == ["AlbedoBase XL (SDXL)", "stable_diffusion"])
        #expect(config.textModels == ["aphrodite/Llama-3-8B-Instruct", "horde/cpu-text-1B", "koboldcpp/Llama-3-8B"])
        #expect(config.routes["koboldcpp/Llama-3-8B"] == "kobold")
        #expect(config.backends["kobold"]?.endpoint?.timeout == .seconds(120))
        #expect(config.backends["vllm"]?.endpoint == BackendEndpoint(
            name: "vllm", baseURL: "http://127.0.0.1:8000", timeout: .seconds(90), apiKey: "sk-x",
            servedModel: "meta-llama/Meta-Llama-3-8B-Instruct"))
        #expect(config.backends["forge"]?.endpoint?.timeout == BackendConfiguration.defaultTimeout)
    }

    @Test func invalidFilesNameTheProblem() {
        #expect(problem("{") == "worker.json: is not valid JSON")
        #expect(problem(#"{"models": {"m": "kobld"}}"#) == #"worker.json: models.m: backend "kobld" is not defined (defined: cpu)"#)
        #expect(problem(#"{"backends": {"k": {"type": "koboldai"}}, "models": {"m": "k"}}"#)
            == "worker.json: backends.k.url: expected the server's http:// or https:// base URL")
        #expect(problem(#"{"backends": {"k": {"type": "magic", "url": "http://x"}}, "models": {"m": "k"}}"#)?
            .hasPrefix(#"worker.json: backends.k.type: "magic" is not a supported backend"#) == true)
        #expect(problem(#"{"backends": {"k": {"type": "openai", "url": "http://x", "timeout": -1}}, "models": {"m": "k"}}"#)?
            .hasPrefix("worker.json: backends.k.timeout:") == true)
        #expect(problem(#"{"backends": {"k": {"type": "openai", "url": "http://x", "tiemout": 5}}, "models": {"m": "k"}}"#)?
            .hasPrefix("worker.json: backends.k.tiemout: unknown key") == true)
        #expect(problem(#"{"models": {}}"#)?.hasPrefix("worker.json: models:") == true)
    }

    @Test func theFileSetsModelsAndKindsAndIsCheckedAtStartup() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"backends": {"k": {"type": "koboldai", "url": "http://127.0.0.1:5001"}}, "models": {"koboldcpp/x": "k"}}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let config = try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_CONFIG": path, "HORDE_WORKER_NAME": "box"]))
        #expect(config.kinds == [.text])
        #expect(config.textModels == ["koboldcpp/x"])
        #expect(config.lanes(owner: nil).map(\.name) == ["box"])
        #expect(throws: BackendConfigurationError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_CONFIG": path + ".missing"]))
        }
        // Asking for images with no image model in the file.
        #expect(throws: ConfigError.self) {
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_CONFIG": path, "HORDE_WORKER_KINDS": "image,text"]))
        }
    }

    @Test func jobsGoToTheirModelsBackend() async throws {
        let server = try await FakeModelServer([
            "/api/v1/generate": { _ in HTTPResponse.json(200, ["results": [["text": "from kobold"]]] as JSONValue) }
        ])
        let config = try parse(
            #"{"backends": {"k": {"type": "koboldai", "url": "\#(server.url)"}}, "models": {"koboldcpp/x": "k", "horde/cpu": "cpu"}}"#)
        let backend = ModelRoutedBackend(configuration: config, cpu: CPUBackend(), transport: SharedHTTPTransport())
        let parameters = TextJobParameters(payload: ["prompt": "Hello", "max_length": 16], fallbackSeed: 1)
        #expect(try await backend.generateText(parameters, model: "koboldcpp/x").text == "from kobold")
        #expect(try await backend.generateText(parameters, model: "horde/cpu").text != "from kobold")
        await #expect(throws: BackendError.unknownModel("other/model")) {
            _ = try await backend.generateText(parameters, model: "other/model")
        }
        #expect(server.calls.count == 1)
        await server.close()
    }

    @Test func aHangingBackendFaultsTheJobAndPausesPops() async throws {
        let server = try await FakeModelServer(["/sdapi/v1/txt2img": FakeModelServer.hanging()])
        let config = try parse(
            #"{"backends": {"a": {"type": "forge", "url": "\#(server.url)", "timeout": 0.3}}, "models": {"sdxl": "a"}}"#)
        let backend = ModelRoutedBackend(configuration: config, cpu: CPUBackend(), transport: SharedHTTPTransport())
        let gateway = RecordingTransport { _ in RecordingTransport.json(200, #"{"reward": 0}"#) }
        let api = HordeAPIClient(baseURL: "http://gw/", apiKey: "k", clientAgent: "horde-worker:0.1.0:unknown", transport: gateway)
        let executor = JobExecutor(backend: backend, api: api, logger: logger)
        let source = QueuedSource([
            WorkerJob(kind: .image, jobIds: ["a1", "a2"], model: "sdxl", payload: ["prompt": "p", "n_iter": 2], ttlSeconds: 60),
            WorkerJob(kind: .image, jobIds: ["b1"], model: "sdxl", payload: ["prompt": "p"], ttlSeconds: 60),
        ])
        let lane = try #require(
            try WorkerConfig.fromEnvironment(Environment(["HORDE_WORKER_KINDS": "image"])).lanes(owner: nil).first)
        let stop = StopSignal()
        let loop = LaneLoop(
            lane: lane, source: source, executor: executor, stop: stop, logger: logger,
            backendBackoff: Backoff(initial: .seconds(1), maximum: .seconds(2)))
        let running = Task { await loop.run() }
        // Polled rather than slept for, so a busy machine only makes the test slower.
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) {
            gateway.recorded.filter { $0.url.hasSuffix("/submit") }.count >= 3
        }
        stop.stop(grace: .milliseconds(100))
        await running.value

        let submits = gateway.recorded.filter { $0.url.hasSuffix("/submit") }
        #expect(submits.map { $0.json?["id"] } == ["a1", "a2", "b1"])
        #expect(submits.allSatisfy { $0.json?["state"] == "faulted" })
        // After a failure the lane waits (75-100% of 1 s) on top of the 0.3 s timeout before popping again.
        let pops = source.popTimes
        #expect(pops.count >= 2)
        if pops.count >= 2 { #expect(pops[1] - pops[0] >= .milliseconds(1000)) }
        await server.close()
    }
}
