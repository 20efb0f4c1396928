import Foundation
import HTTP
import HordeCore
import Kafka
import Messages
import Postgres
import Redis
import ServiceKit
import Testing

@testable import Gateway

/// The routes with every dependency unreachable: whatever is refused before any I/O must be refused the same
/// way without Postgres, Redis or Kafka, and a dependency failure must surface as a bare 500.
@Suite("Routes and error mapping (no backing services)")
struct RouteTests {
    private static func handler() throws -> (HTTPHandler, GatewayContext) {
        let logger = Logger(label: "route-tests", level: .critical)
        var config = try GatewayConfig.fromEnvironment(Environment([:]))
        config.version = "9.9.9"
        var postgres = PostgresConfig(url: "postgresql://nobody@127.0.0.1:1/none")
        postgres.connectTimeout = .milliseconds(500)
        let context = GatewayContext(
            config: config, instanceId: "node-1", logger: logger,
            pool: PostgresPool(config: postgres, logger: logger),
            redis: RedisClient(config: RedisConfig(url: "redis://127.0.0.1:1/0"), logger: logger),
            publisher: EventPublisher(producer: try KafkaProducer(config: KafkaConfig(brokers: "127.0.0.1:1"), logger: logger)))
        return (GatewayRoutes.router(context, readiness: Readiness()).handler(), context)
    }

    private func call(_ method: HTTPMethod, _ path: String, _ body: String = "", apiKey: String? = nil) async throws
        -> (HTTPResponse, JSONValue)
    {
        let (handler, _) = try Self.handler()
        var headers = HTTPHeaders()
        if let apiKey { headers.add("apikey", apiKey) }
        let response = await handler(HTTPRequest(method: method, target: path, headers: headers, body: Array(body.utf8)))
        return (response, (try? jsonTree(response.body)) ?? .null)
    }

    @Test func heartbeat() async throws {
        let (response, body) = try await call(.GET, "/api/v2/status/heartbeat")
        #expect(response.status == 200)
        #expect(body == ["message": "OK", "version": "9.9.9"])
    }

    @Test func unknownRoutesAndMethods() async throws {
        let (missing, missingBody) = try await call(.GET, "/api/v2/generate/nothing")
        #expect(missing.status == 404)
        #expect(missingBody["rc"] == "NotFound")
        let (method, methodBody) = try await call(.PUT, "/api/v2/generate/async")
        #expect(method.status == 405)
        #expect(methodBody["rc"] == "MethodNotAllowed")
    }

    @Test func everyResponseCarriesCORSAndTheNode() async throws {
        for (method, path) in [(HTTPMethod.GET, "/api/v2/status/heartbeat"), (.GET, "/nowhere"), (.POST, "/api/v2/generate/async")] {
            let (response, _) = try await call(method, path, "{")
            #expect(response.headers["Access-Control-Allow-Origin"] == "*")
            #expect(response.headers["Horde-Node"] == "node-1")
        }
        let (preflight, _) = try await call(.OPTIONS, "/api/v2/generate/pop")
        #expect(preflight.status == 200)
        #expect(preflight.headers["Access-Control-Allow-Headers"]?.contains("Client-Agent") == true)
    }

    @Test func badBodiesAreRefusedBeforeAnyLookup() async throws {
        let (malformed, malformedBody) = try await call(.POST, "/api/v2/generate/async", #"{"prompt": "#)
        #expect(malformed.status == 400)
        #expect(malformedBody["rc"] == "BadRequest")
        #expect(malformedBody["message"] != nil)
        let (schema, schemaBody) = try await call(.POST, "/api/v2/generate/text/async", #"{"prompt": "x", "params": {"n": "two"}}"#)
        #expect(schema.status == 400)
        #expect(schemaBody["rc"] == "ValidationError")
        #expect(schemaBody["errors"]?["params.n"] != nil)
        let (noKey, noKeyBody) = try await call(.POST, "/api/v2/generate/submit", #"{"id": "x", "seed": 1}"#)
        #expect(noKey.status == 400)
        #expect(noKeyBody["errors"]?["apikey"] != nil)
        let (popBody, popError) = try await call(.POST, "/api/v2/generate/pop", #"{"models": ["x"]}"#, apiKey: "k")
        #expect(popBody.status == 400)
        #expect(popError["errors"]?["name"] != nil)
    }

    @Test func thePlaceholderClientAgentIsBanned() async throws {
        let (handler, _) = try Self.handler()
        let response = await handler(
            HTTPRequest(
                method: .POST, target: "/api/v2/generate/async",
                headers: HTTPHeaders([("Client-Agent", "My-Project:v0.0.1:My-Contact"), ("apikey", "0000000000")]),
                body: Array(#"{"prompt": "x"}"#.utf8)))
        #expect(response.status == 403)
        #expect(try jsonTree(response.body)["rc"] == "BannedClientAgent")
    }

    @Test func badIdsAreNotFound() async throws {
        for (path, rc) in [
            ("/api/v2/generate/check/123", "RequestNotFound"), ("/api/v2/generate/status/abc", "RequestNotFound"),
            ("/api/v2/generate/text/status/%20", "RequestNotFound"), ("/api/v2/users/alice", "UserNotFound"),
            ("/api/v2/users/-1", "UserNotFound"), ("/api/v2/workers/42", "WorkerNotFound"),
        ] {
            let (response, body) = try await call(.GET, path)
            #expect(response.status == 404, "\(path)")
            #expect(body["rc"]?.stringValue == rc, "\(path)")
        }
        let (cancel, cancelBody) = try await call(.DELETE, "/api/v2/generate/status/nope")
        #expect(cancel.status == 404 && cancelBody["rc"] == "RequestNotFound")
    }

    @Test func dependencyFailuresAreABare500() async throws {
        let (response, body) = try await call(.GET, "/api/v2/generate/check/\(UUID())")
        #expect(response.status == 500)
        #expect(body == ["message": "Internal Server Error", "rc": "InternalServerError"])
    }
}
