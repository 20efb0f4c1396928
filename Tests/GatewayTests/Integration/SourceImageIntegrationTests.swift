import Foundation
import HTTP
import HordeCore
import Messages
import Postgres
import Testing

@testable import Gateway

@Suite("Source images through the async endpoint and the pop answer", .enabled(if: integrationEnabled), .serialized)
struct SourceImageIntegrationTests {
    @Test func aBase64SourceIsStoredAndHandedToTheWorkerNotToKafka() async throws {
        try await GatewayStack.with { stack in
            let reader = try TopicReader<RequestCommand>(Topics.requests, kafka: stack.kafka, logger: stack.logger)
            let user = try await stack.createUser("painter")
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/async",
                json: #"{"prompt": "a cat", "source_image": "\#(SourceImageSamples.rgbaPNG)", "source_processing": "inpainting", "params": {"denoising_strength": 0.6}}"#,
                apiKey: user.apiKey)
            #expect(status == 202, "\(body)")
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let envelope = try #require(await reader.first { $0.payload.requestId == id })
            await reader.close()
            guard case .created(let created) = envelope.payload else {
                Issue.record("expected request.created")
                return
            }
            #expect(created.sourceProcessing == "inpainting")
            #expect(created.payload["source_image"] == nil)

            // The pop answer of one of its jobs carries the stored source.
            let assignment = JobAssignment(
                requestId: id, kind: .image, jobIds: [UUID()], model: "stable_diffusion", payload: created.payload,
                ttlSeconds: 150, sourceProcessing: created.sourceProcessing)
            let reply = PopReply(popId: UUID(), replyTo: "gw", workerId: UUID(), assignment: assignment)
            let answer = await RequestSourceStore(pool: stack.pool).attach(
                to: PopResponseBuilder.image(reply), reply, logger: stack.logger)
            #expect(answer.sourceImage == SourceImageSamples.rgbaPNG)
            #expect(answer.sourceProcessing == "inpainting")
            #expect(answer.sourceMask == nil && answer.extraSourceImages == nil)
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(APICoding.encode(answer)))
            #expect(json["source_image"]?.stringValue == SourceImageSamples.rgbaPNG)
            #expect(json["source_processing"] == "inpainting")

            // A job of a request without a source gets none, and costs no lookup (the scheduler says so).
            var other = reply
            other.assignment?.requestId = UUID()
            #expect(await RequestSourceStore(pool: stack.pool).attach(
                to: PopResponseBuilder.image(other), other, logger: stack.logger).sourceImage == nil)
            other.assignment?.sourceProcessing = nil
            other.assignment?.requestId = id
            let plain = await RequestSourceStore(pool: stack.pool).attach(
                to: PopResponseBuilder.image(other), other, logger: stack.logger)
            #expect(plain.sourceImage == nil && plain.sourceProcessing == nil)
        }
    }

    @Test func refusedSourcesStoreNothing() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("refused")
            let png = SourceImageSamples.rgbPNG
            let cases: [(String, RC)] = [
                (#"{"prompt": "x", "source_image": "\#(png)", "source_processing": "inpainting"}"#, .inpaintingMissingMask),
                (#"{"prompt": "x", "source_image": "bm90IGFuIGltYWdl"}"#, .imageValidationFailed),
                (#"{"prompt": "x", "source_mask": "\#(png)"}"#, .sourceMaskUnnecessary),
                (#"{"prompt": "x", "source_image": "\#(png)", "extra_source_images": [{"image": "\#(png)"}]}"#, .invalidExtraSourceImages),
                (#"{"prompt": "x", "source_image": "\#(png)", "source_processing": "remix", "extra_source_images": [{"image": "\#(png)"}, {"image": "\#(png)"}]}"#, .moreThanMinExtraSourceImage),
                (#"{"prompt": "x", "source_image": "\#(Data(SourceImageSamples.pngHeader(width: 4096, height: 64)).base64EncodedString())"}"#, .sourceImageResolutionExceeded),
            ]
            for (json, rc) in cases {
                expectError(await stack.send(.POST, "/api/v2/generate/async", json: json, apiKey: user.apiKey), rc)
            }
            #expect(try await stack.count("gateway.requests") == 0)
            #expect(try await stack.count("gateway.request_sources") == 0)
            // A dry run prices the source without storing it.
            let dry = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "dry_run": true, "source_image": "\#(png)"}"#,
                apiKey: user.apiKey)
            #expect(dry.status == 200 && dry.body["kudos"] != nil, "\(dry.body)")
            #expect(try await stack.count("gateway.request_sources") == 0)
        }
    }

    @Test func urlSourcesAreFetchedFromAllowedHostsOnly() async throws {
        let png = try #require(Data(base64Encoded: SourceImageSamples.rgbPNG)).map { $0 }
        let server = HTTPServer(config: HTTPServerConfig(), logger: Logger(label: "source-server", level: .warning)) {
            request in
            switch request.path {
            case "/cat.png": return HTTPResponse(status: 200, body: png)
            case "/page": return HTTPResponse(status: 200, body: Array("<html></html>".utf8))
            default: return HTTPResponse(status: 404)
            }
        }
        let port = try await server.start()
        Task { try await server.run() }
        defer { Task { await server.shutdown() } }
        let base = "http://127.0.0.1:\(port)"

        // The stack allows local receivers (as a one-machine deployment with HTTP webhooks does).
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("fetcher")
            let (status, body) = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "source_image": "\#(base)/cat.png"}"#,
                apiKey: user.apiKey)
            #expect(status == 202, "\(body)")
            let id = try #require(body["id"]?.stringValue.flatMap(UUID.init(uuidString:)))
            let stored = try await RequestSourceStore(pool: stack.pool).sources(of: id)
            #expect(stored?.image == SourceImageSamples.rgbPNG, "the fetched bytes are kept as base64")
            expectError(
                await stack.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "x", "source_image": "\#(base)/page"}"#, apiKey: user.apiKey),
                .sourceImageUrlInvalid)
            expectError(
                await stack.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "x", "source_image": "\#(base)/gone.png"}"#, apiKey: user.apiKey),
                .imageValidationFailed)
        }
        // Without the operator's switch, loopback addresses are refused before any fetch.
        try await GatewayStack.with({ $0.allowHTTPWebhooks = false }) { stack in
            let user = try await stack.createUser("outsider")
            expectError(
                await stack.send(.POST, "/api/v2/generate/async", json: #"{"prompt": "x", "source_image": "\#(base)/cat.png"}"#, apiKey: user.apiKey),
                .sourceImageUrlInvalid)
            #expect(try await stack.count("gateway.request_sources") == 0)
        }
    }
}
