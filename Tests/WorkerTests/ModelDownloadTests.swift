import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Worker

/// A CivitAI-style model API on loopback: model and version lookups whose files carry `name`, `sizeKB`,
/// `hashes.SHA256` and `downloadUrl`, downloads behind a redirect, and files that lie about themselves.
private final class FakeCivitAI: Sendable {
    let server: LoopbackServer
    static let lora = safetensors(#"{"__metadata__":{"ss_network_module":"networks.lora"}}"#, payload: 3000)
    static let embedding = safetensors(#"{"emb_params":{"dtype":"F32","shape":[2,4],"data_offsets":[0,32]}}"#, payload: 32)
    static let pickle: [UInt8] = [0x80, 0x04, 0x95] + [UInt8](repeating: 0x2E, count: 500)

    static func safetensors(_ header: String, payload: Int) -> [UInt8] {
        let json = Array(header.utf8)
        var length = UInt64(json.count)
        var bytes: [UInt8] = []
        for _ in 0..<8 {
            bytes.append(UInt8(length & 0xFF))
            length >>= 8
        }
        return bytes + json + [UInt8](repeating: 7, count: payload)
    }

    static func hex(_ bytes: [UInt8]) -> String { SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined() }

    init() async throws {
        let base = Locked("")
        @Sendable func file(_ name: String, _ bytes: [UInt8], path: String, sizeKB: Double? = nil, hash: String? = nil) -> JSONValue {
            ["name": .string(name), "sizeKB": .number(sizeKB ?? Double(bytes.count) / 1024), "type": "Model",
             "hashes": ["SHA256": .string(hash ?? FakeCivitAI.hex(bytes).uppercased())], "downloadUrl": .string(base.value + path)]
        }
        server = try await LoopbackServer([
            (.GET, "/api/v1/model-versions/:id", { request in
                switch request.pathParameter("id") {
                case "1001":
                    return HTTPResponse.json(200, ["id": 1001, "modelId": 10, "trainedWords": ["glowing", "neon style"],
                        "files": [file("glow.safetensors", Self.lora, path: "/api/download/models/1001")]] as JSONValue)
                case "1002":
                    return HTTPResponse.json(200, ["id": 1002, "modelId": 11, "trainedWords": [],
                        "files": [file("old.ckpt", Self.pickle, path: "/files/old.ckpt")]] as JSONValue)
                case "1003":
                    return HTTPResponse.json(200, ["id": 1003, "modelId": 12, "trainedWords": [],
                        "files": [file("bad.safetensors", Self.lora, path: "/files/lora", hash: String(repeating: "ab", count: 32))]] as JSONValue)
                case "1004":
                    return HTTPResponse.json(200, ["id": 1004, "modelId": 13, "trainedWords": [],
                        "files": [file("sneaky.safetensors", Self.pickle, path: "/files/pickle")]] as JSONValue)
                case "1005":
                    return HTTPResponse.json(200, ["id": 1005, "modelId": 14, "trainedWords": [],
                        "files": [file("short.safetensors", Self.lora, path: "/files/lora", sizeKB: 90)]] as JSONValue)
                default:
                    return HTTPResponse.json(404, ["error": "Model version not found"] as JSONValue)
                }
            }),
            (.GET, "/api/v1/models/:id", { request in
                guard request.pathParameter("id") == "20" else { return HTTPResponse.json(404, ["error": "Model not found"] as JSONValue) }
                return HTTPResponse.json(200, ["id": 20, "name": "Bad Hands", "type": "TextualInversion", "modelVersions": [
                    ["id": 2001, "trainedWords": ["bad-hands"],
                     "files": [file("badhands.pt", Self.pickle, path: "/files/pickle"),
                               file("badhands.safetensors", Self.embedding, path: "/files/embedding")]]]] as JSONValue)
            }),
            (.GET, "/api/download/models/:id", { _ in
                HTTPResponse(status: 307, headers: HTTPHeaders([("Location", "/files/lora")]))
            }),
            (.GET, "/files/lora", { _ in LoopbackServer.bytes(200, Self.lora) }),
            (.GET, "/files/embedding", { _ in LoopbackServer.bytes(200, Self.embedding) }),
            (.GET, "/files/pickle", { _ in LoopbackServer.bytes(200, Self.pickle) }),
            (.GET, "/files/old.ckpt", { _ in LoopbackServer.bytes(200, Self.pickle) }),
        ])
        base.withLock { $0 = server.url }
    }
}

@Suite("LoRa and textual inversion downloads against a local model API", .timeLimit(.minutes(1)))
struct ModelDownloadTests {
    private func downloader(_ fake: FakeCivitAI) -> (ModelDownloader, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("horde-models-\(UUID().uuidString)")
        let configuration = ModelDownloadConfiguration(
            baseURL: fake.server.url, apiKey: "civitai-key", loraDirectory: root.appendingPathComponent("loras").path,
            embeddingDirectory: root.appendingPathComponent("embeddings").path)
        return (ModelDownloader(configuration: configuration, transport: SharedHTTPTransport()), root)
    }

    private func lora(_ name: String, isVersion: Bool = true, trigger: String? = nil) throws -> LoraRequest {
        var value: [String: JSONValue] = ["name": .string(name), "is_version": .bool(isVersion), "model": 0.7]
        if let trigger { value["inject_trigger"] = .string(trigger) }
        return try #require(LoraRequest(.object(value)))
    }

    @Test func aVersionIsLookedUpDownloadedThroughTheRedirectVerifiedAndStored() async throws {
        let fake = try await FakeCivitAI()
        let (downloader, root) = downloader(fake)
        let resolved = try await downloader.lora(try lora("1001"))
        #expect(resolved == .init(fileName: "1001.safetensors", trainedWords: ["glowing", "neon style"]))
        let stored = try Data(contentsOf: root.appendingPathComponent("loras/1001.safetensors"))
        #expect([UInt8](stored) == FakeCivitAI.lora)
        // The API key goes to the API, not to the file host a redirect points at (here: the same host, so both).
        #expect(fake.server.calls("/api/v1/model-versions/1001").first?.headers["Authorization"] == "Bearer civitai-key")
        // Known now: no second lookup or download.
        _ = try await downloader.lora(try lora("1001"))
        #expect(fake.server.calls("/files/lora").count == 1)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("loras/1001.safetensors.part").path))
        try? FileManager.default.removeItem(at: root)
    }

    @Test func pickleFilesWrongHashesAndWrongSizesAreRefusedAndNothingIsStored() async throws {
        let fake = try await FakeCivitAI()
        let (downloader, root) = downloader(fake)
        for (version, reason) in [("1002", "no .safetensors file"), ("1003", "does not match"), ("1004", "pickle format"),
                                  ("1005", "does not match sizeKB"), ("9999", "HTTP 404")] {
            await #expect {
                _ = try await downloader.lora(try lora(version))
            } throws: { error in
                "\(error)".contains(reason)
            }
        }
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("loras").path)) ?? []
        #expect(stored.isEmpty)
        try? FileManager.default.removeItem(at: root)
    }

    @Test func inspectionTellsSafetensorsFromPickleAndZip() {
        #expect(SafetensorsCheck.inspect(FakeCivitAI.lora) == .safetensors)
        #expect(SafetensorsCheck.inspect(FakeCivitAI.pickle) == .pickle)
        #expect(SafetensorsCheck.inspect([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 40)) == .pickle)
        #expect(SafetensorsCheck.inspect(Array("hello world, not a model".utf8)) == .unknown)
    }

    @Test func jobExtrasInjectTriggersAndEmbeddingsAndReportFailedDownloads() async throws {
        let fake = try await FakeCivitAI()
        let (downloader, root) = downloader(fake)
        let parameters = ImageJobParameters(
            payload: ["prompt": "a city###blurry", "loras": [["name": "1001", "is_version": true, "inject_trigger": "neon"],
                                                              ["name": "1004", "is_version": true]],
                      "tis": [["name": "20", "inject_ti": "negprompt", "strength": 0.5], ["name": "77", "inject_ti": "prompt"]]],
            fallbackSeed: 0)
        let (prepared, metadata) = await JobExtras(downloader: downloader).prepare(parameters)
        #expect(prepared.loras.map(\.fileName) == ["1001.safetensors"])
        #expect(prepared.prompt == "neon style, a city")
        #expect(prepared.negativePrompt == "blurry,(embedding:20:0.50)")
        #expect(metadata == [GenerationMetadata(type: "lora", value: "download_failed", ref: "1004"),
                             GenerationMetadata(type: "ti", value: "download_failed", ref: "77")])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("embeddings/20.safetensors").path))
        try? FileManager.default.removeItem(at: root)
    }

    @Test func skippedLorasAreReportedInEverySubmitOfTheBatch() async throws {
        let fake = try await FakeCivitAI()
        let (downloader, root) = downloader(fake)
        let gateway = RecordingTransport { _ in RecordingTransport.json(200, #"{"reward": 3}"#) }
        var executor = JobExecutor(
            backend: CPUBackend(),
            api: HordeAPIClient(baseURL: "http://gw", apiKey: "k", clientAgent: "horde-worker:0.1.0:unknown", transport: gateway),
            logger: Logger(label: "test", level: .critical))
        executor.extras = JobExtras(downloader: downloader)
        let job = WorkerJob(
            kind: .image, jobIds: ["j1", "j2"], model: "stable_diffusion",
            payload: ["prompt": "a fox", "width": 16, "height": 16, "n_iter": 2,
                      "loras": [["name": "1002", "is_version": true], ["name": "1001", "is_version": true]]],
            ttlSeconds: 60)
        let deliveries = await executor.deliver(job, try await executor.generate(job))
        #expect(deliveries == [.delivered(reward: 3), .delivered(reward: 3)])
        let submits = gateway.recorded.filter { $0.url.hasSuffix("/generate/submit") }.compactMap(\.json)
        #expect(submits.count == 2)
        for submit in submits {
            #expect(submit["state"] == "ok")
            #expect(submit["gen_metadata"] == [["type": "lora", "value": "download_failed", "ref": "1002"]])
        }
        try? FileManager.default.removeItem(at: root)
    }

    @Test func withoutDownloadsNamesPassThroughAndTheWebUIGetsItsPromptSyntax() async throws {
        let parameters = ImageJobParameters(
            payload: ["prompt": "a fox", "loras": [["name": "foxy", "model": 0.75]], "tis": [["name": "easyneg", "inject_ti": "prompt"]]],
            fallbackSeed: 0)
        let (prepared, metadata) = await JobExtras(downloader: nil).prepare(parameters)
        #expect(metadata.isEmpty)
        #expect(prepared.prompt == "(embedding:easyneg:1),a fox")
        #expect(Automatic1111Backend.prompt(prepared) == "(easyneg:1),a fox <lora:foxy:0.75>")
        #expect(PromptInjection.trigger("all", words: ["a", "b"]) == "a, b")
        #expect(PromptInjection.trigger("any", words: ["a", "b"]) == "a")
        #expect(PromptInjection.trigger(nil, words: ["a"]) == nil)
    }
}
