import Foundation
import HTTP
import Testing

@testable import Gateway

@Suite("CORS, caching and path checks")
struct MiddlewareTests {
    private func send(_ method: HTTPMethod, _ target: String, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        let (router, _) = try OfflineGateway.make()
        return await router.handler()(HTTPRequest(method: method, target: target, headers: headers))
    }

    @Test func preflightsEchoTheRequestedHeaders() async throws {
        let response = try await send(
            .OPTIONS, "/api/v2/generate/async",
            headers: ["Origin": "https://app.example", "Access-Control-Request-Method": "POST",
                      "Access-Control-Request-Headers": "apikey, content-type, x-custom"])
        #expect(response.status == 200)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Headers"] == "apikey, content-type, x-custom")
        #expect(response.headers["Access-Control-Allow-Methods"]?.contains("POST") == true)
        #expect(response.headers["Access-Control-Max-Age"] == "600")
        let bare = try await send(.OPTIONS, "/api/v2/status/heartbeat")
        #expect(bare.headers["Access-Control-Allow-Headers"] == GatewayRoutes.allowedHeaders)
    }

    @Test func answersAreNotStoredUnlessTheHandlerAllowsIt() async throws {
        #expect(try await send(.GET, "/api/v2/status/heartbeat").headers["Cache-Control"] == "no-store")
        #expect(try await send(.GET, "/api/v2/nothing").headers["Cache-Control"] == "no-store")
        #expect(try await send(.GET, "/api").headers["Cache-Control"] == "public, max-age=300")
        #expect(try await send(.GET, "/api/v2/status/models").headers["Cache-Control"] == "public, max-age=2")
    }

    @Test func nulInThePathOrQueryIsRefused() async throws {
        let path = try await send(.GET, "/api/v2/status/models/a%00b")
        #expect(path.status == 400)
        #expect(try jsonTree(path.body)["rc"] == "NulByteInPayload")
        let query = try await send(.GET, "/api/v2/status/models?type=%00")
        #expect(try jsonTree(query.body)["rc"] == "NulByteInPayload")
    }
}
