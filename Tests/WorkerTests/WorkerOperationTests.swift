import Foundation
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Worker operation: declarations, backend health and status", .timeLimit(.minutes(1)))
struct WorkerOperationTests {
    let logger = Logger(label: "test", level: .critical)

    private func configFile(_ json: String) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        return file.path
    }

    @Test func popsDeclareBatchPixelsLorasAndImg2imgFromTheConfiguration() throws {
        let path = try configFile(#"""
            {"backends": {"comfy": {"type": "comfyui", "url": "http://127.0.0.1:8188"}},
             "models": {"AlbedoBase XL (SDXL)": "comfy"}, "max_pixels": 2359296, "max_batch": 4}
            """#)
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_CONFIG": path, "HORDE_WORKER_AMOUNT": "1"]))
        let lane = try #require(config.lanes(owner: nil).first)
        #expect(lane.popBody.maxPixels == 2_359_296 && lane.popBody.amount == 4)
        #expect(lane.popBody.allowLora == true && lane.popBody.allowImg2img == true)
        #expect(lane.profile.allowLora && lane.profile.maxPixels == 2_359_296 && lane.profile.amount == 4)
        // The CPU backend renders neither, so it declares neither.
        let cpu = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "image"]))
        #expect(cpu.lanes(owner: nil).first?.popBody.allowLora == false)
        #expect(cpu.lanes(owner: nil).first?.popBody.allowImg2img == false)
    }

    @Test func startUpValidationNamesTheProblem() throws {
        let cases: [(String, String)] = [
            (#"{"models": {"sd": "cpu"}, "max_batch": 0}"#, "max_batch: expected a positive integer"),
            (#"{"models": {"sd": "cpu"}, "colour": 1}"#, "colour: unknown key"),
            (#"{"backends": {"k": {"type": "koboldai", "url": "http://x", "workflow": {}}}, "models": {"a/b": "k"}}"#,
             "backends.k.workflow: only a comfyui backend takes this key"),
            (#"{"backends": {"c": {"type": "comfyui", "url": "http://x", "workflow": {"1": {"class_type": "X", "inputs": {}}}}}, "models": {"sd": "c"}}"#,
             "no {{prompt}} placeholder"),
            (#"{"models": {"sd": "cpu"}, "downloads": {"lora_directory": "/tmp/l"}}"#, "downloads.embedding_directory"),
            (#"{"models": {"sd": "cpu"}, "alchemy": {"backend": "nope"}}"#, "alchemy.backend"),
        ]
        for (json, message) in cases {
            #expect {
                _ = try BackendConfiguration.parse(Array(json.utf8), file: "worker.json")
            } throws: { error in
                "\(error)".contains(message)
            }
        }
        #expect {
            _ = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_AMOUNT": "21"]))
        } throws: { error in "\(error)".contains("a batch of at most 20") }
    }

    @Test func aLanePausesPoppingWhileItsBackendIsDownAndResumesWhenItIsBack() async throws {
        let up = Locked(false)
        let pops = Locked(0)
        final class CountingSource: JobSource {
            let pops: Locked<Int>
            let idleDelay: Duration = .milliseconds(5)
            init(_ pops: Locked<Int>) { self.pops = pops }
            func pop(for lane: WorkerLane) async throws -> PopResult {
                pops.withLock { $0 += 1 }
                return .idle(skipped: [:])
            }
        }
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "image"]))
        let lane = try #require(config.lanes(owner: nil).first)
        let stop = StopSignal()
        let transport = RecordingTransport { _ in .init(status: 200, body: Array("{}".utf8)) }
        let executor = JobExecutor(
            backend: CPUBackend(),
            api: HordeAPIClient(baseURL: "http://gw", apiKey: "k", clientAgent: "a", transport: transport), logger: logger)
        let source = CountingSource(pops)
        let loop = LaneLoop(
            lane: lane, source: source, executor: executor, stop: stop, logger: logger,
            backendBackoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(40)),
            probe: { up.value })
        let task = Task { await loop.run() }
        try await Task.sleep(for: .milliseconds(200))
        #expect(pops.value == 0)
        up.withLock { $0 = true }
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) { pops.value > 0 }
        stop.stop(grace: .zero)
        await task.value
    }

    @Test func theStatusLineReportsJobsKudosAndSpeed() {
        let stats = WorkerStats()
        stats.delivered("image", jobs: 2, kudos: 21, work: 4, busy: .seconds(2))
        stats.delivered("alchemy", jobs: 1, kudos: 1.5, work: 1, busy: .milliseconds(500))
        stats.failed("text", jobs: 1)
        let line = stats.statusLine()
        #expect(line["jobs_done"] == "3")
        #expect(line["jobs_failed"] == "1")
        #expect(line["kudos"] == "22.5")
        #expect(line["image.mps_per_s"] == "2.00")
        #expect(line["alchemy.forms_per_s"] == "2.00")
        #expect(line["kudos_per_hour"] != nil)
    }
}

@Suite("The shipped example configuration")
struct ExampleConfigurationTests {
    @Test func deployWorkerExampleIsValidAndDeclaresWhatItSays() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/worker.example.json").path
        let config = try BackendConfiguration.load(path: path)
        #expect(config.imageModels == ["AlbedoBase XL (SDXL)", "Deliberate"])
        #expect(config.textModels == ["aphrodite/Llama-3-8B-Instruct", "koboldcpp/Llama-3-8B"])
        #expect(config.backends["comfy"]?.comfy?.checkpoint(for: "AlbedoBase XL (SDXL)") == "albedobaseXL_v21.safetensors")
        #expect(config.maxBatch == 4 && config.maxPixels == 1_048_576)
        #expect(config.alchemy?.forms == ["caption", "interrogation", "RealESRGAN_x4plus", "GFPGAN"])
        #expect(config.downloads?.maxBytes == 512 << 20)
        let worker = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_CONFIG": path, "HORDE_WORKER_NAME": "gpu"]))
        #expect(worker.kinds == [.image, .text] && worker.alchemy)
        #expect(worker.lanes(owner: nil).map(\.name) == ["gpu-image", "gpu-text"])
        #expect(worker.lanes(owner: nil).first?.popBody.allowLora == true)
    }
}
