import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Gateway

/// Random and malformed input for every route the gateway registers (walking its route table, so routes added
/// anywhere are covered): path parameters, query strings, headers and bodies. Whatever arrives, the answer is a
/// status below 500, an `rc` on every error, and it comes back promptly. Seeds are fixed, so a failure reproduces.
@Suite("Bad input on every route", .enabled(if: integrationEnabled), .serialized)
struct APIFuzzTests {
    /// Requests per route.
    static let iterations = 24
    /// Longest acceptable answer.
    static let deadline: Duration = .seconds(5)

    @Test func everyRouteAnswersBadInputWithAnRc() async throws {
        try await GatewayStack.with({ $0.popTimeout = .milliseconds(200) }) { stack in
            let user = try await stack.createUser("fuzzer")
            let router = GatewayRoutes.router(stack.context, readiness: stack.readiness)
            let handler = router.handler()
            var generator = SeededGenerator(seed: 0x5EED)
            var fuzz = InputFuzzer(apiKeys: [user.apiKey, "0000000000"])
            for route in router.routeTable {
                for _ in 0..<Self.iterations {
                    let request = fuzz.request(for: route, using: &generator)
                    let response = try await Self.answer(handler, request)
                    let label = "\(route.method) \(route.pattern) ← \(request.method) \(request.target.prefix(200)) body: \(String(decoding: request.body.prefix(200), as: UTF8.self))"
                    guard let response else {
                        Issue.record("no answer within \(Self.deadline): \(label)")
                        continue
                    }
                    #expect(response.status < 500, "\(response.status): \(label)")
                    if response.status >= 400, route.pattern.hasPrefix("/api/") {
                        let body = try? jsonTree(response.body)
                        #expect(body?["rc"]?.stringValue?.isEmpty == false, "no rc (\(response.status)): \(label)")
                    }
                }
            }
        }
    }

    @Test func oversizeInputIsRefusedWithTheNamedRc() async throws {
        try await GatewayStack.with { stack in
            let user = try await stack.createUser("oversize")
            let words = String(repeating: "fox ", count: ImageRequestValidator.maxPromptWords + 1)
            let prompt = await stack.call(.POST, "/api/v2/generate/async", json: #"{"prompt": "\#(words)"}"#, apiKey: user.apiKey)
            #expect(prompt.status == 400 && prompt.body["rc"] == "InvalidPromptSize")
            let count = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "params": {"n": 21}}"#, apiKey: user.apiKey)
            #expect(count.status == 400 && count.body["rc"] == "ValidationError")
            let size = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "params": {"width": 4096, "height": 4096}}"#,
                apiKey: user.apiKey)
            #expect(size.status == 400 && size.body["rc"] == "ValidationError")
            let image = String(repeating: "A", count: 4 << 20)
            let source = await stack.call(
                .POST, "/api/v2/generate/async", json: #"{"prompt": "x", "source_image": "\#(image)"}"#, apiKey: user.apiKey)
            #expect(source.status == 400 && source.body["rc"] == "ImageValidationFailed")
            let tokens = await stack.call(
                .POST, "/api/v2/generate/text/async", json: #"{"prompt": "x", "params": {"max_length": 5000}}"#,
                apiKey: user.apiKey)
            #expect(tokens.status == 400 && tokens.body["rc"] == "ValidationError")
            #expect(try await stack.count("gateway.requests") == 0)
        }
    }

    /// The handler's response, or nil when it takes longer than `deadline`.
    private static func answer(_ handler: @escaping HTTPHandler, _ request: HTTPRequest) async throws -> HTTPResponse? {
        try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask { await handler(request) }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
