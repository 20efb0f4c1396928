import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import Gateway

@Suite("Generated API documentation")
struct DocsTests {
    private func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        let (router, _) = try OfflineGateway.make()
        return await router.handler()(HTTPRequest(method: .GET, target: path, headers: headers))
    }

    private func document() async throws -> JSONValue {
        let response = try await get("/api/swagger.json")
        #expect(response.status == 200)
        return try jsonTree(response.body)
    }

    @Test func everyRegisteredRouteIsAnOperation() async throws {
        let (router, _) = try OfflineGateway.make()
        let paths = try #require(try await document()["paths"]?.objectValue)
        #expect(router.routeTable.count > 20)
        for route in router.routeTable where SwaggerDocument.documentedMethods.contains(route.method) {
            let path = SwaggerDocument.swaggerPath(route.pattern).path
            let operation = paths[path]?[route.method.rawValue.lowercased()]
            #expect(operation != nil, "\(route.method) \(route.pattern) missing from the document")
            #expect(operation?["summary"]?.stringValue?.isEmpty == false)
        }
    }

    @Test func pathParametersAndSchemasComeFromTheRoutesAndModels() async throws {
        let document = try await document()
        #expect(document["swagger"] == "2.0")
        #expect(document["info"]?["version"] == "9.9.9")
        let check = try #require(document["paths"]?["/api/v2/generate/check/{id}"]?["get"])
        let parameters = check["parameters"]?.arrayValue ?? []
        #expect(parameters.contains { $0["name"] == "id" && $0["in"] == "path" && $0["required"] == true })
        #expect(check["responses"]?["200"]?["schema"]?["$ref"] == "#/definitions/RequestStatusCheck")
        let status = try #require(document["definitions"]?["RequestStatusCheck"]?["properties"])
        #expect(status["queue_position"]?["type"] == "integer")
        #expect(status["kudos"]?["type"] == "number")
        #expect(status["is_possible"]?["type"] == "boolean")
        let models = try #require(document["paths"]?["/api/v2/status/models"]?["get"]?["parameters"]?.arrayValue)
        #expect(models.contains { $0["name"] == "model_state" && $0["enum"] == ["known", "custom", "all"] })
    }

    @Test func anUndocumentedRouteGetsTheGenericEntry() {
        var router = Router()
        router.add(.PATCH, "/api/v2/things/:thing_id") { _ in HTTPResponse(status: 200) }
        router.add(.GET, "/api/v2/things/*/parts/**") { _ in HTTPResponse(status: 200) }
        let document = SwaggerDocument.build(routes: router.routeTable, version: "1")
        let patch = document["paths"]?["/api/v2/things/{thing_id}"]?["patch"]
        #expect(patch?["summary"] == "PATCH /api/v2/things/:thing_id")
        #expect(patch?["parameters"]?.arrayValue?.contains { $0["in"] == "body" } == true)
        let wildcard = document["paths"]?["/api/v2/things/{segment3}/parts/{path}"]?["get"]
        #expect(wildcard?["parameters"]?.arrayValue?.filter { $0["in"] == "path" }.count == 2)
    }

    @Test func theDocumentPassesASwaggerValidator() async throws {
        let response = try await get("/api/swagger.json")
        let python = Self.validatorPython()
        guard FileManager.default.isExecutableFile(atPath: python) else {
            // The test venv comes with `deploy/local.sh deps`; without it this check cannot run.
            #expect(!integrationEnabled, "no Python venv at \(python): run deploy/local.sh deps")
            return
        }
        let script = "import json, sys; from openapi_spec_validator import validate; validate(json.load(sys.stdin))"
        let result = try #require(await ProcessRunner.run(python, ["-c", script], input: response.body))
        #expect(result.status == 0, "the validator refused the document: \(result.errors.suffix(2000))")
    }

    /// The venv's Python: `HORDE_VENV`, else the repository's `.horde/venv`.
    static func validatorPython() -> String {
        if let venv = ProcessInfo.processInfo.environment["HORDE_VENV"] { return venv + "/bin/python3" }
        return ModelReferenceFixture.root.appendingPathComponent(".horde/venv/bin/python3").path
    }

    @Test func theAPIPageListsTheOperations() async throws {
        let response = try await get("/api")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/html") == true)
        let page = String(decoding: response.body, as: UTF8.self)
        #expect(page.contains("/api/v2/generate/async"))
        #expect(page.contains("Queue an image request"))
        #expect(page.contains("/api/swagger.json"))
        #expect(APIPage.escape("<a href=\"x\">&") == "&lt;a href=&quot;x&quot;&gt;&amp;")
    }

    @Test func documentsAreCacheableAndCompressedForClientsThatAskForIt() async throws {
        let plain = try await get("/api/swagger.json")
        #expect(plain.headers["Cache-Control"] == "public, max-age=300")
        #expect(plain.headers["Content-Encoding"] == nil)
        let zipped = try await get("/api/swagger.json", headers: ["Accept-Encoding": "gzip, br"])
        #expect(zipped.headers["Content-Encoding"] == "gzip")
        #expect(zipped.body.count * 3 < plain.body.count)
    }
}
