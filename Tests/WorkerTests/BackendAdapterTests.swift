import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Worker

@Suite("Backend adapters against local model servers", .timeLimit(.minutes(1)))
struct BackendAdapterTests {
    let transport = SharedHTTPTransport()

    private func endpoint(_ server: FakeModelServer, timeout: Duration = .seconds(10), servedModel: String? = nil) -> BackendEndpoint {
        BackendEndpoint(name: "local", baseURL: server.url + "/", timeout: timeout, apiKey: "sk-test", servedModel: servedModel)
    }

    private func png(_ width: Int, _ height: Int) throws -> [UInt8] {
        try PNGEncoder.encode(width: width, height: height, rgb: [UInt8](repeating: 90, count: width * height * 3))
    }

    @Test func koboldSendsTheHordeParametersAndReturnsTheResultText() async throws {
        let server = try await FakeModelServer([
            "/api/v1/generate": { _ in HTTPResponse.json(200, ["results": [["text": " there was a fox."]]] as JSONValue) }
        ])
        let backend = KoboldAIBackend(endpoint: endpoint(server), transport: transport)
        let parameters = TextJobParameters(
            payload: ["prompt": "Once upon a time", "max_length": 120, "max_context_length": 2048, "temperature": 0.7,
                      "top_p": 0.9, "rep_pen": 1.1, "stop_sequence": ["\nYou:"], "seed": 12],
            fallbackSeed: 0)
        let text = try await backend.generateText(parameters, model: "koboldcpp/Llama-3-8B")
        #expect(text.text == " there was a fox.")
        let body = try #require(server.calls.first?.body)
        #expect(body["prompt"] == "Once upon a time")
        #expect(body["max_length"] == 120)
        #expect(body["max_context_length"] == 2048)
        #expect(body["temperature"] == 0.7)
        #expect(body["top_p"] == 0.9)
        #expect(body["rep_pen"] == 1.1)
        #expect(body["stop_sequence"] == ["\nYou:"])
        #expect(body["sampler_seed"] == 12)
        await server.close()
    }

    @Test func openAICompletionsSendsModelAndLimitsAndTrimsTheStop() async throws {
        let server = try await FakeModelServer([
            "/v1/completions": { _ in
                HTTPResponse.json(200, ["id": "cmpl-1", "object": "text_completion",
                                        "choices": [["text": " a castle.\nYou: hi", "index": 0, "finish_reason": "stop"]]] as JSONValue)
            }
        ])
        let backend = OpenAICompletionsBackend(endpoint: endpoint(server, servedModel: "meta-llama/Meta-Llama-3-8B"), transport: transport)
        let parameters = TextJobParameters(
            payload: ["prompt": "There stood", "max_length": 64, "temperature": 0.5, "top_p": 0.8, "stop_sequence": ["\nYou:"]],
            fallbackSeed: 3)
        let text = try await backend.generateText(parameters, model: "aphrodite/Llama-3-8B")
        #expect(text.text == " a castle.")
        let call = try #require(server.calls.first)
        #expect(call.headers["Authorization"] == "Bearer sk-test")
        #expect(call.body?["model"] == "meta-llama/Meta-Llama-3-8B")
        #expect(call.body?["prompt"] == "There stood")
        #expect(call.body?["max_tokens"] == 64)
        #expect(call.body?["temperature"] == 0.5)
        #expect(call.body?["top_p"] == 0.8)
        #expect(call.body?["stop"] == ["\nYou:"])
        await server.close()
    }

    @Test func automatic1111RendersTheBatchInOneTxt2imgCall() async throws {
        let images = [try png(64, 32), try png(64, 32), try png(8, 8)]
        let server = try await FakeModelServer([
            "/sdapi/v1/txt2img": { _ in
                HTTPResponse.json(200, ["images": .array(images.map { .string(Data($0).base64EncodedString()) }),
                                        "parameters": [:], "info": #"{"all_seeds": [500, 501], "seed": 500}"#] as JSONValue)
            }
        ])
        let backend = Automatic1111Backend(endpoint: endpoint(server), transport: transport)
        let parameters = ImageJobParameters(
            payload: ["prompt": "a castle###blurry, fog", "width": 64, "height": 32, "ddim_steps": 25, "cfg_scale": 6.5,
                      "sampler_name": "k_dpmpp_2m", "seed": "500", "n_iter": 2],
            fallbackSeed: 0)
        let generated = try await backend.generateImages(parameters, model: "stable_diffusion")
        // The control map an extension appended is not part of the batch.
        #expect(generated.map(\.data) == [images[0], images[1]])
        #expect(generated.map(\.seed) == [500, 501])
        #expect(generated.allSatisfy { $0.width == 64 && $0.height == 32 })
        let body = try #require(server.calls.first?.body)
        #expect(server.calls.first?.path == "/sdapi/v1/txt2img")
        #expect(body["prompt"] == "a castle")
        #expect(body["negative_prompt"] == "blurry, fog")
        #expect(body["width"] == 64 && body["height"] == 32)
        #expect(body["steps"] == 25)
        #expect(body["cfg_scale"] == 6.5)
        #expect(body["sampler_name"] == "DPM++ 2M")
        #expect(body["seed"] == 500)
        #expect(body["batch_size"] == 2)
        await server.close()
    }

    @Test func automatic1111UsesImg2imgForASourceImage() async throws {
        let image = try png(16, 16)
        let server = try await FakeModelServer([
            "/sdapi/v1/img2img": { _ in HTTPResponse.json(200, ["images": [.string(Data(image).base64EncodedString())]] as JSONValue) }
        ])
        let backend = Automatic1111Backend(endpoint: endpoint(server), transport: transport)
        let parameters = ImageJobParameters(
            payload: ["prompt": "p", "width": 16, "height": 16, "source_image": "aGVsbG8=", "denoising_strength": 0.4, "seed": 9],
            fallbackSeed: 0)
        let generated = try await backend.generateImages(parameters, model: "sd")
        #expect(generated.map(\.seed) == [9])
        let body = try #require(server.calls.first?.body)
        #expect(body["init_images"] == ["aGVsbG8="])
        #expect(body["denoising_strength"] == 0.4)
        await server.close()
    }

    @Test func errorStatusesAndMalformedAnswersAreBackendErrors() async throws {
        let server = try await FakeModelServer([
            "/api/v1/generate": { _ in HTTPResponse.json(503, ["detail": "Server is busy"] as JSONValue) },
            "/sdapi/v1/txt2img": { _ in HTTPResponse.json(200, ["images": ["bm90IGEgcG5n"]] as JSONValue) },
        ])
        let kobold = KoboldAIBackend(endpoint: endpoint(server), transport: transport)
        await #expect(throws: BackendError.status(backend: "local", code: 503, detail: #"{"detail":"Server is busy"}"#)) {
            _ = try await kobold.generateText(TextJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "m")
        }
        let a1111 = Automatic1111Backend(endpoint: endpoint(server), transport: transport)
        await #expect(throws: BackendError.malformedResponse(backend: "local", reason: "images[0] is not a PNG")) {
            _ = try await a1111.generateImages(ImageJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "m")
        }
        await server.close()
    }

    @Test func aHangingServerTimesOut() async throws {
        let server = try await FakeModelServer(["/v1/completions": FakeModelServer.hanging()])
        let backend = OpenAICompletionsBackend(endpoint: endpoint(server, timeout: .milliseconds(300)), transport: transport)
        let started = ContinuousClock.now
        await #expect(throws: BackendError.timedOut(backend: "local", after: .milliseconds(300))) {
            _ = try await backend.generateText(TextJobParameters(payload: ["prompt": "p"], fallbackSeed: 0), model: "m")
        }
        // Well before the server would answer (30 s), with room for a busy machine.
        #expect(ContinuousClock.now - started < .seconds(20))
        await server.close()
    }
}
