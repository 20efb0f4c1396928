import Foundation
import HTTP
import Testing

@Suite struct RouterTests {
    private func request(_ method: HTTPMethod, _ target: String) -> HTTPRequest {
        HTTPRequest(method: method, target: target, headers: ["Host": "h"])
    }

    private func makeRouter() -> Router {
        var router = Router()
        router.get("/api/v2/status/heartbeat") { _ in .text(200, "alive") }
        router.get("/api/v2/generate/status/:id") { request in
            .text(200, "status \(request.pathParameters["id"] ?? "?")")
        }
        router.delete("/api/v2/generate/status/:id") { request in .text(200, "deleted \(request.pathParameter("id") ?? "?")") }
        router.get("/api/v2/generate/check/:id") { request in .text(200, "check \(request.pathParameters["id"] ?? "?")") }
        router.get("/api/v2/users/me") { _ in .text(200, "me") }
        router.get("/api/v2/users/:user_id") { request in .text(200, "user \(request.pathParameters["user_id"] ?? "?")") }
        router.get("/api/v2/teams/:team/members/:member") { request in
            .text(200, "\(request.pathParameters["team"] ?? "")/\(request.pathParameters["member"] ?? "")")
        }
        router.get("/a/b/c") { _ in .text(200, "literal") }
        router.get("/a/:x/d") { request in .text(200, "param \(request.pathParameters["x"] ?? "")") }
        router.get("/static/**") { request in .text(200, "file \(request.pathParameters["**"] ?? "")") }
        router.get("/any/*/end") { _ in .text(200, "wildcard") }
        router.post("/api/v2/generate/async") { request in .json(202, raw: request.body) }
        return router
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test(arguments: [
        ("/api/v2/status/heartbeat", "alive"),
        ("/api/v2/status/heartbeat/", "alive"),
        ("/api/v2/generate/status/abc-123", "status abc-123"),
        ("/api/v2/generate/check/x%2Fy", "check x/y"),
        ("/api/v2/users/me", "me"),
        ("/api/v2/users/42", "user 42"),
        ("/api/v2/teams/t1/members/m9", "t1/m9"),
        ("/a/b/c", "literal"),
        ("/a/b/d", "param b"),
        ("/static/css/site.css", "file css/site.css"),
        ("/static", "file "),
        ("/any/thing/end", "wildcard"),
        ("/api/v2/generate/status/abc?x=1", "status abc"),
    ])
    func routesMatch(path: String, expected: String) async {
        let response = await makeRouter().route(request(.GET, path))
        #expect(response.status == 200)
        #expect(text(response) == expected)
    }

    @Test func unknownPathsAre404WithTheHordeShape() async throws {
        let response = await makeRouter().route(request(.GET, "/api/v2/nothing"))
        #expect(response.status == 404)
        #expect(response.headers["content-type"] == "application/json")
        let body = try JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
        #expect(body == ErrorBody(message: "Not found", rc: "NotFound"))
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        let response = await makeRouter().route(request(.PUT, "/api/v2/generate/status/1"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "DELETE, GET, HEAD")
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(response.body)).rc == "MethodNotAllowed")
        let other = await makeRouter().route(request(.GET, "/api/v2/generate/async"))
        #expect(other.status == 405)
        #expect(other.headers["allow"] == "POST")
    }

    @Test func headFallsBackToGet() async {
        let response = await makeRouter().route(request(.HEAD, "/api/v2/users/me"))
        #expect(response.status == 200)
    }

    @Test func middlewareRunsInOrderAroundEveryRequest() async {
        var router = makeRouter()
        router.use { request, next in
            var response = await next(request)
            response.headers.add("X-Order", "outer")
            return response
        }
        router.use { request, next in
            var request = request
            request.headers.add("X-Seen", "yes")
            var response = await next(request)
            response.headers.add("X-Order", "inner")
            return response
        }
        router.get("/echo-header") { request in .text(200, request.headers["X-Seen"] ?? "no") }
        let handler = router.handler()
        let response = await handler(request(.GET, "/echo-header"))
        #expect(text(response) == "yes")
        #expect(response.headers.values("X-Order") == ["inner", "outer"])
        let missing = await handler(request(.GET, "/missing"))
        #expect(missing.status == 404)
        #expect(missing.headers.values("X-Order") == ["inner", "outer"])
    }

    @Test func contextMiddlewareCarriesTypedValuesToHandlers() async {
        enum Principal: RequestContextKey { typealias Value = String }
        var router = Router()
        router.use { request, context, next in
            guard let key = request.headers["apikey"] else {
                return .error(401, message: "No API key", rc: "MissingAPIKey")
            }
            var context = context
            context[Principal.self] = "user-\(key)"
            return await next(request, context)
        }
        router.get("/whoami") { request in .text(200, request.context[Principal.self] ?? "nobody") }
        let handler = router.handler()
        var authorised = request(.GET, "/whoami")
        authorised.headers.add("apikey", "0000")
        #expect(text(await handler(authorised)) == "user-0000")
        #expect(await handler(request(.GET, "/whoami")).status == 401)
    }

    @Test func thrownErrorsAreMapped() async throws {
        struct Hidden: Error { let secret = "db password" }
        var router = Router()
        router.get("/teapot") { _ in throw HTTPError(418, rc: "Teapot", message: "short and stout") }
        router.get("/boom") { _ in throw Hidden() }
        let teapot = await router.route(request(.GET, "/teapot"))
        #expect(teapot.status == 418)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(teapot.body)) == ErrorBody(message: "short and stout", rc: "Teapot"))
        let boom = await router.route(request(.GET, "/boom"))
        #expect(boom.status == 500)
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(boom.body)) == ErrorBody(message: "Internal Server Error", rc: "InternalServerError"))
        #expect(!text(boom).contains("password"))

        var custom = router
        custom.errorMapper = { _ in .error(503, message: "later", rc: "Custom") }
        #expect(await custom.route(request(.GET, "/boom")).status == 503)
    }

    @Test func jsonResponsesEncodeValues() throws {
        struct Payload: Codable, Equatable { let id: String; let kudos: Int }
        let response = HTTPResponse.json(201, Payload(id: "x", kudos: 5))
        #expect(response.status == 201)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try JSONDecoder().decode(Payload.self, from: Data(response.body)) == Payload(id: "x", kudos: 5))
        let error = HTTPResponse.error(400, message: "quote \" and \\ and \n", rc: "BadRequest")
        #expect(try JSONDecoder().decode(ErrorBody.self, from: Data(error.body)).message == "quote \" and \\ and \n")
    }
}
