import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Alchemy: interrogation forms over HTTP", .timeLimit(.minutes(1)))
struct AlchemyTests {
    let logger = Logger(label: "test", level: .critical)

    private func png(_ width: Int, _ height: Int, _ shade: UInt8) throws -> [UInt8] {
        try PNGEncoder.encode(width: width, height: height, rgb: [UInt8](repeating: shade, count: width * height * 3))
    }

    private func loop(_ horde: FakeAlchemyHorde, backend: any AlchemyBackend = CPUAlchemy(), forms: [String], stop: StopSignal)
        -> AlchemyLoop
    {
        let api = HordeAPIClient(
            baseURL: horde.server.url, apiKey: FakeAlchemyHorde.apiKey, clientAgent: "horde-worker:0.1.0:unknown",
            transport: SharedHTTPTransport())
        let body = InterrogationPopRequestBody(
            name: "alchemist", forms: forms, amount: 2, bridgeAgent: "horde-worker:0.1.0:unknown", threads: 1, maxTiles: 16)
        return AlchemyLoop(
            popBody: body, backend: backend, api: api, stop: stop, logger: logger, idleDelay: .milliseconds(20),
            backoff: Backoff(initial: .milliseconds(20), maximum: .milliseconds(100)))
    }

    private func run(_ loop: AlchemyLoop, until condition: @escaping () -> Bool) async throws {
        let task = Task { await loop.run() }
        defer { loop.stop.stop(grace: .zero) }
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) { condition() }
        loop.stop.stop(grace: .zero)
        await task.value
    }

    @Test func popSendsTheSwaggerFieldsAndCaptionNsfwAndInterrogationAreSubmittedAsResults() async throws {
        let source = try png(32, 16, 120)
        let horde = try await FakeAlchemyHorde(sourceImage: source)
        horde.enqueue(id: "f1", form: "caption")
        horde.enqueue(id: "f2", form: "nsfw")
        horde.enqueue(id: "f3", form: "interrogation")
        try await run(loop(horde, forms: ["caption", "nsfw", "interrogation"], stop: StopSignal())) { horde.submits.count == 3 }
        let pop = try #require(horde.server.calls("/api/v2/interrogate/pop").first)
        let body = try #require(pop.json)
        #expect(body["name"] == "alchemist")
        #expect(body["forms"] == ["caption", "nsfw", "interrogation"])
        #expect(body["amount"] == 2 && body["threads"] == 1 && body["max_tiles"] == 16)
        #expect(body["priority_usernames"] == [])
        #expect(body["bridge_agent"] == "horde-worker:0.1.0:unknown")
        #expect(pop.headers["Client-Agent"] == "horde-worker:0.1.0:unknown")
        let byId = Dictionary(uniqueKeysWithValues: horde.submits.compactMap { s in s["id"]?.stringValue.map { ($0, s) } })
        #expect(byId["f1"]?["state"] == "ok")
        let caption = try #require(byId["f1"]?["result"]?["caption"]?.stringValue)
        #expect(caption.hasSuffix("(32x16)"))
        #expect(byId["f2"]?["result"] == ["nsfw": false])
        #expect(byId["f3"]?["result"]?["interrogation"]?["tags"]?.arrayValue?.count == 2)
        await horde.server.close()
    }

    @Test func postProcessedImagesGoToTheUploadURLOrInline() async throws {
        let source = try png(8, 8, 7)
        let horde = try await FakeAlchemyHorde(sourceImage: source)
        horde.enqueue(id: "up", form: "strip_background", upload: true)
        horde.enqueue(id: "inline", form: "RealESRGAN_x4plus")
        try await run(loop(horde, forms: ["strip_background", "RealESRGAN_x4plus"], stop: StopSignal())) { horde.submits.count == 2 }
        let put = try #require(horde.server.calls("/r2/up.png").first)
        #expect(put.method == "PUT" && put.body == source)
        let byId = Dictionary(uniqueKeysWithValues: horde.submits.compactMap { s in s["id"]?.stringValue.map { ($0, s) } })
        #expect(byId["up"]?["result"] == ["strip_background": "R2"])
        #expect(byId["inline"]?["result"] == ["RealESRGAN_x4plus": .string(Data(source).base64EncodedString())])
        await horde.server.close()
    }

    @Test func anUnreachableSourceOrAFailingBackendFaultsTheForm() async throws {
        struct Broken: AlchemyBackend {
            func run(form: String, image: [UInt8], payload: JSONValue?) async throws -> AlchemyOutcome {
                throw BackendError.status(backend: "forge", code: 500, detail: "CUDA out of memory")
            }
        }
        let horde = try await FakeAlchemyHorde(sourceImage: try png(4, 4, 1))
        horde.enqueue(id: "gone", form: "caption", source: "missing.png")
        horde.enqueue(id: "boom", form: "caption")
        try await run(loop(horde, backend: Broken(), forms: ["caption"], stop: StopSignal())) { horde.submits.count == 2 }
        #expect(horde.submits.allSatisfy { $0["state"] == "faulted" })
        #expect(Set(horde.submits.compactMap { $0["id"]?.stringValue }) == ["gone", "boom"])
        await horde.server.close()
    }

    @Test func aFormStillRunningWhenTheGraceRunsOutIsGivenBack() async throws {
        struct Stuck: AlchemyBackend {
            func run(form: String, image: [UInt8], payload: JSONValue?) async throws -> AlchemyOutcome {
                try await Task.sleep(for: .seconds(3600))
                return .result([:])
            }
        }
        let horde = try await FakeAlchemyHorde(sourceImage: try png(4, 4, 1))
        horde.enqueue(id: "slow", form: "caption")
        let stop = StopSignal()
        let loop = loop(horde, backend: Stuck(), forms: ["caption"], stop: stop)
        let task = Task { await loop.run() }
        try await WorkerTestStack.waitUntil(timeout: .seconds(30)) { !horde.server.calls("/sources/source.png").isEmpty }
        stop.stop(grace: .milliseconds(100))
        await task.value
        #expect(horde.submits.map { $0["id"] } == ["slow"])
        #expect(horde.submits.first?["state"] == "faulted")
        await horde.server.close()
    }

    @Test func automatic1111InterrogatesAndPostProcessesThroughItsAPI() async throws {
        let upscaled = try png(16, 16, 50)
        let server = try await LoopbackServer([
            (.POST, "/sdapi/v1/interrogate", { request in
                let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))
                guard body?["image"]?.stringValue?.hasPrefix("data:image/png;base64,") == true else {
                    return HTTPResponse.json(422, ["detail": "image required"] as JSONValue)
                }
                return HTTPResponse.json(200, ["caption": body?["model"] == "clip" ? "a cat on a sofa" : "cat, sofa, indoors"] as JSONValue)
            }),
            (.POST, "/sdapi/v1/extra-single-image", { request in
                let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))
                guard body?["upscaler_1"] == "R-ESRGAN 4x+", body?["upscaling_resize"] == 4 else {
                    return HTTPResponse.json(422, ["detail": "bad upscaler"] as JSONValue)
                }
                return HTTPResponse.json(200, ["image": .string(Data(upscaled).base64EncodedString()), "html_info": ""] as JSONValue)
            }),
        ])
        let backend = Automatic1111Alchemy(endpoint: BackendEndpoint(name: "forge", baseURL: server.url), transport: SharedHTTPTransport())
        let source = try png(4, 4, 9)
        #expect(try await backend.run(form: "caption", image: source, payload: nil) == .result(["caption": "a cat on a sofa"]))
        let tags = try await backend.run(form: "interrogation", image: source, payload: nil)
        #expect(tags == .result(["interrogation": ["tags": [["text": "cat", "confidence": 100], ["text": "sofa", "confidence": 100],
                                                             ["text": "indoors", "confidence": 100]]]]))
        #expect(try await backend.run(form: "RealESRGAN_x4plus", image: source, payload: nil) == .image(upscaled))
        await #expect(throws: BackendError.self) { _ = try await backend.run(form: "strip_background", image: source, payload: nil) }
        await server.close()
    }

    @Test func configurationDeclaresAlchemyFormsAndNamesTheWorker() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("alchemy-\(UUID().uuidString).json")
        try Data(#"{"backends": {"forge": {"type": "forge", "url": "http://127.0.0.1:7860"}}, "models": {"sd": "forge"}, "alchemy": {"backend": "forge", "max_tiles": 8}}"#.utf8).write(to: file)
        let config = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_CONFIG": file.path, "HORDE_WORKER_NAME": "w"]))
        #expect(config.alchemy)
        #expect(config.alchemyPopBody.name == "w-alchemy")
        #expect(config.alchemyPopBody.maxTiles == 8)
        #expect(config.alchemyPopBody.forms.contains("caption") && config.alchemyPopBody.forms.contains("GFPGAN"))
        #expect(!config.alchemyPopBody.forms.contains("nsfw"))
        #expect(config.workerName(for: .image) == "w-image")
        #expect(throws: BackendConfigurationError.self) {
            try BackendConfiguration.parse(Array(#"{"models": {"sd": "cpu"}, "alchemy": {"forms": ["palette"]}}"#.utf8), file: "w.json")
        }
        let onlyAlchemy = try WorkerConfig.fromEnvironment(.init(["HORDE_WORKER_KINDS": "alchemy", "HORDE_WORKER_NAME": "a"]))
        #expect(onlyAlchemy.kinds.isEmpty && onlyAlchemy.alchemy)
        #expect(onlyAlchemy.alchemyPopBody.forms == ["caption", "interrogation", "nsfw"])
        #expect(onlyAlchemy.alchemyPopBody.name == "a")
    }
}
