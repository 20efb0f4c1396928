import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Worker

/// ComfyUI's API as its server implements it: `POST /prompt` queues a workflow, `GET /history/{id}` is `{}` until
/// the prompt finished, then lists each output node's saved images, which `GET /view` serves.
private final class FakeComfyUI: Sendable {
    let server: LoopbackServer
    let images: [[UInt8]]

    init(images: [[UInt8]], pendingPolls: Int = 2, failWith error: String? = nil, neverFinish: Bool = false) async throws {
        let polls = Locked(0)
        self.images = images
        server = try await LoopbackServer([
            (.POST, "/prompt", { request in
                guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body)),
                    body["prompt"]?.objectValue != nil, body["client_id"]?.stringValue != nil
                else { return HTTPResponse.json(400, ["error": ["type": "invalid_prompt"]] as JSONValue) }
                return HTTPResponse.json(200, ["prompt_id": "p-1", "number": 0, "node_errors": [:]] as JSONValue)
            }),
            (.GET, "/history/:id", { request in
                let count = polls.withLock { value -> Int in
                    value += 1
                    return value
                }
                guard request.pathParameter("id") == "p-1", count > pendingPolls, !neverFinish else {
                    return HTTPResponse.json(200, [:] as JSONValue)
                }
                if let error {
                    return HTTPResponse.json(200, ["p-1": [
                        "outputs": [:],
                        "status": ["status_str": "error", "completed": false, "messages": [
                            ["execution_start", ["prompt_id": "p-1"]],
                            ["execution_error", ["prompt_id": "p-1", "node_type": "CheckpointLoaderSimple",
                                                 "exception_message": .string(error)]],
                        ]],
                    ]] as JSONValue)
                }
                let files: [JSONValue] = images.indices.map {
                    ["filename": .string("horde_0000\($0)_.png"), "subfolder": "", "type": "output"]
                }
                return HTTPResponse.json(200, ["p-1": [
                    "prompt": [],
                    "outputs": ["9": ["images": .array(files)], "20": ["images": [["filename": "preview.png", "subfolder": "", "type": "temp"]]]],
                    "status": ["status_str": "success", "completed": true, "messages": []],
                ]] as JSONValue)
            }),
            (.GET, "/view", { request in
                guard request.queryValue("type") == "output", request.queryValue("subfolder") == "",
                    let name = request.queryValue("filename"), name.hasPrefix("horde_0000"),
                    let index = Int(name.dropFirst(10).prefix(1)), index < images.count
                else { return HTTPResponse.json(404, ["error": "not found"] as JSONValue) }
                return LoopbackServer.bytes(200, images[index], contentType: "image/png")
            }),
            (.POST, "/upload/image", { request in
                let text = String(decoding: request.body, as: UTF8.self)
                guard text.contains("name=\"image\""), request.headers["Content-Type"]?.hasPrefix("multipart/form-data") == true
                else { return HTTPResponse.json(400, ["error": "no image"] as JSONValue) }
                return HTTPResponse.json(200, ["name": "horde-source.png", "subfolder": "", "type": "input"] as JSONValue)
            }),
            (.POST, "/interrupt", { _ in HTTPResponse(status: 200) }),
            (.GET, "/system_stats", { _ in HTTPResponse.json(200, ["system": ["os": "posix"], "devices": []] as JSONValue) }),
        ])
    }
}

@Suite("ComfyUI backend against a local ComfyUI API", .timeLimit(.minutes(1)))
struct ComfyUIBackendTests {
    let transport = SharedHTTPTransport()

    private func png(_ width: Int, _ height: Int, _ shade: UInt8) throws -> [UInt8] {
        try PNGEncoder.encode(width: width, height: height, rgb: [UInt8](repeating: shade, count: width * height * 3))
    }

    private func backend(_ fake: FakeComfyUI, timeout: Duration = .seconds(60), settings: ComfyUISettings? = nil) -> ComfyUIBackend {
        var settings = settings ?? ComfyUISettings()
        settings.pollInterval = .milliseconds(20)
        return ComfyUIBackend(
            endpoint: BackendEndpoint(name: "comfy", baseURL: fake.server.url, timeout: timeout), settings: settings,
            transport: transport)
    }

    @Test func txt2imgFillsTheWorkflowPollsHistoryAndFetchesEveryImage() async throws {
        let images = [try png(64, 32, 10), try png(64, 32, 200)]
        let fake = try await FakeComfyUI(images: images)
        var settings = ComfyUISettings()
        settings.checkpoints = ["AlbedoBase XL (SDXL)": "albedobaseXL_v21.safetensors"]
        let parameters = ImageJobParameters(
            payload: ["prompt": "a castle###fog", "width": 64, "height": 32, "ddim_steps": 20, "cfg_scale": 5.5,
                      "sampler_name": "k_dpmpp_2m", "karras": true, "seed": "77", "n_iter": 2],
            fallbackSeed: 0)
        let generated = try await backend(fake, settings: settings).generateImages(parameters, model: "AlbedoBase XL (SDXL)")
        #expect(generated.map(\.data) == images)
        #expect(generated.allSatisfy { $0.width == 64 && $0.height == 32 && $0.seed == 77 })
        let workflow = try #require(fake.server.calls("/prompt").first?.json?["prompt"])
        #expect(workflow["4"]?["inputs"]?["ckpt_name"] == "albedobaseXL_v21.safetensors")
        #expect(workflow["6"]?["inputs"]?["text"] == "a castle")
        #expect(workflow["7"]?["inputs"]?["text"] == "fog")
        let sampler = try #require(workflow["3"]?["inputs"])
        #expect(sampler["seed"] == 77 && sampler["steps"] == 20 && sampler["cfg"] == 5.5)
        #expect(sampler["sampler_name"] == "dpmpp_2m" && sampler["scheduler"] == "karras" && sampler["denoise"] == 1)
        #expect(workflow["5"]?["inputs"]?["width"] == 64 && workflow["5"]?["inputs"]?["batch_size"] == 2)
        // Polled until done, and the preview image was not fetched.
        #expect(fake.server.calls.filter { $0.path.hasPrefix("/history/") }.count == 3)
        #expect(fake.server.calls("/view").count == 2)
        await fake.server.close()
    }

    @Test func lorasBecomeAChainOfLoraLoadersBetweenCheckpointAndConsumers() async throws {
        let fake = try await FakeComfyUI(images: [try png(8, 8, 1)], pendingPolls: 0)
        var parameters = ImageJobParameters(
            payload: ["prompt": "p", "width": 8, "height": 8, "loras": [["name": "1234", "model": 0.8, "clip": 0.5],
                                                                         ["name": "glow.safetensors"]]],
            fallbackSeed: 1)
        parameters.loras[0].fileName = "1234.safetensors"
        _ = try await backend(fake).generateImages(parameters, model: "sd")
        let workflow = try #require(fake.server.calls("/prompt").first?.json?["prompt"])
        let first = try #require(workflow["horde_lora_0"])
        #expect(first["class_type"] == "LoraLoader")
        #expect(first["inputs"]?["model"] == ["4", 0] && first["inputs"]?["clip"] == ["4", 1])
        #expect(first["inputs"]?["lora_name"] == "1234.safetensors")
        #expect(first["inputs"]?["strength_model"] == 0.8 && first["inputs"]?["strength_clip"] == 0.5)
        #expect(workflow["horde_lora_1"]?["inputs"]?["model"] == ["horde_lora_0", 0])
        #expect(workflow["horde_lora_1"]?["inputs"]?["lora_name"] == "glow.safetensors")
        #expect(workflow["3"]?["inputs"]?["model"] == ["horde_lora_1", 0])
        #expect(workflow["6"]?["inputs"]?["clip"] == ["horde_lora_1", 1])
        #expect(workflow["7"]?["inputs"]?["clip"] == ["horde_lora_1", 1])
        #expect(workflow["8"]?["inputs"]?["vae"] == ["4", 2])
        await fake.server.close()
    }

    @Test func img2imgUploadsTheSourceAndLoadsIt() async throws {
        let fake = try await FakeComfyUI(images: [try png(16, 16, 3)], pendingPolls: 0)
        let source = Data(try png(16, 16, 99)).base64EncodedString()
        let parameters = ImageJobParameters(
            payload: ["prompt": "p", "width": 16, "height": 16, "source_image": .string(source), "denoising_strength": 0.4],
            fallbackSeed: 5)
        _ = try await backend(fake).generateImages(parameters, model: "sd")
        let upload = try #require(fake.server.calls("/upload/image").first)
        #expect(upload.body.count > 100)
        let workflow = try #require(fake.server.calls("/prompt").first?.json?["prompt"])
        #expect(workflow["10"]?["inputs"]?["image"] == "horde-source.png")
        #expect(workflow["3"]?["inputs"]?["denoise"] == 0.4)
        #expect(workflow["3"]?["inputs"]?["latent_image"] == ["12", 0])
        await fake.server.close()
    }

    @Test func aConfiguredWorkflowIsUsedWithItsPlaceholders() async throws {
        let fake = try await FakeComfyUI(images: [try png(8, 8, 1)], pendingPolls: 0)
        let document: JSONValue = [
            "1": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": "{{model}}"]],
            "2": ["class_type": "CLIPTextEncode", "inputs": ["text": "masterpiece, {{prompt}}", "clip": ["1", 1]]],
            "3": ["class_type": "KSampler", "inputs": ["seed": "{{seed}}", "steps": "{{steps}}", "model": ["1", 0]]],
        ]
        let config = try BackendConfiguration.parse(
            Array(try JSONEncoder().encode([
                "backends": ["comfy": ["type": "comfyui", "url": "http://127.0.0.1:8188", "workflow": document,
                                       "checkpoints": ["sd": "v1-5.safetensors"], "poll_interval": "50ms"]],
                "models": ["sd": "comfy"],
            ] as JSONValue)),
            file: "worker.json")
        let settings = try #require(config.backends["comfy"]?.comfy)
        #expect(settings.pollInterval == .milliseconds(50))
        #expect(config.imageModels == ["sd"])
        let parameters = ImageJobParameters(payload: ["prompt": "a cat", "ddim_steps": 12, "seed": 3], fallbackSeed: 0)
        _ = try await backend(fake, settings: settings).generateImages(parameters, model: "sd")
        let workflow = try #require(fake.server.calls("/prompt").first?.json?["prompt"])
        #expect(workflow["1"]?["inputs"]?["ckpt_name"] == "v1-5.safetensors")
        #expect(workflow["2"]?["inputs"]?["text"] == "masterpiece, a cat")
        #expect(workflow["3"]?["inputs"]?["seed"] == 3 && workflow["3"]?["inputs"]?["steps"] == 12)
        await fake.server.close()
    }

    @Test func aFailedPromptIsABackendFailureWithComfyUIsMessage() async throws {
        let fake = try await FakeComfyUI(images: [], pendingPolls: 1, failWith: "checkpoint not found")
        await #expect(throws: BackendError.failed(backend: "comfy", reason: "checkpoint not found in CheckpointLoaderSimple")) {
            _ = try await backend(fake).generateImages(ImageJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "sd")
        }
        await fake.server.close()
    }

    @Test func aPromptThatNeverFinishesTimesOutAndIsInterrupted() async throws {
        let fake = try await FakeComfyUI(images: [], neverFinish: true)
        let started = ContinuousClock.now
        await #expect(throws: BackendError.timedOut(backend: "comfy", after: .milliseconds(400))) {
            _ = try await backend(fake, timeout: .milliseconds(400))
                .generateImages(ImageJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "sd")
        }
        // The server never finishes: only the backend's own timeout ends the wait (the bound allows for a busy machine).
        #expect(ContinuousClock.now - started < .seconds(30))
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) { !fake.server.calls("/interrupt").isEmpty }
        await fake.server.close()
    }

    @Test func anAbandonedJobIsInterruptedOnTheServer() async throws {
        let fake = try await FakeComfyUI(images: [], neverFinish: true)
        let comfy = backend(fake, timeout: .seconds(60))
        let job = Task { try await comfy.generateImages(ImageJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "sd") }
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) {
            !fake.server.calls.filter { $0.path.hasPrefix("/history/") }.isEmpty
        }
        job.cancel()
        await #expect(throws: CancellationError.self) { _ = try await job.value }
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) { !fake.server.calls("/interrupt").isEmpty }
        await fake.server.close()
    }

    @Test func aRejectedWorkflowIsAStatusError() async throws {
        let server = try await LoopbackServer([
            (.POST, "/prompt", { _ in
                HTTPResponse.json(400, ["error": ["type": "prompt_outputs_failed_validation", "message": "Prompt outputs failed validation"],
                                        "node_errors": [:]] as JSONValue)
            })
        ])
        let backend = ComfyUIBackend(endpoint: BackendEndpoint(name: "comfy", baseURL: server.url), transport: transport)
        await #expect {
            _ = try await backend.generateImages(ImageJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "sd")
        } throws: { error in
            guard case BackendError.status(_, 400, let detail) = error else { return false }
            return detail.contains("prompt_outputs_failed_validation")
        }
        #expect(await backend.probe() == false)
        await server.close()
    }
}
