import HordeCore

/// Routes requests by method and path through a segment trie (`/api/v2/generate/status/:id`), with
/// middleware around the whole dispatch. Unknown paths get 404 `{"message": "Not found", "rc": "NotFound"}`;
/// a known path with another method gets 405 with an `Allow` header. Errors thrown by handlers go through
/// `errorMapper`.
///
/// Patterns: literal segments, `:name` (one segment, captured in `pathParameters[name]`), `*` (one segment,
/// not captured) and a final `**` (the rest of the path, captured as `pathParameters["**"]`). Empty segments
/// are ignored, so a trailing slash matches the same route. HEAD falls back to the GET handler (the server
/// sends no body for HEAD).
package struct Router: Sendable {
    /// A route's handler; it may throw an `HTTPResponseError` (or anything else, which becomes a 500).
    package typealias Handler = @Sendable (HTTPRequest) async throws -> HTTPResponse
    /// The next step of the chain, as middleware sees it.
    package typealias Next = @Sendable (HTTPRequest) async -> HTTPResponse
    /// Middleware that sees the request and the rest of the chain.
    package typealias Middleware = @Sendable (HTTPRequest, _ next: Next) async -> HTTPResponse
    /// Middleware that also gets the request's context as a separate value and passes a changed one on.
    package typealias ContextMiddleware =
        @Sendable (HTTPRequest, RequestContext, _ next: @Sendable (HTTPRequest, RequestContext) async -> HTTPResponse)
            async -> HTTPResponse

    private var root = RouteNode()
    private var middlewares: [Middleware] = []
    /// Routes without parameters by their normalised path: most requests (heartbeat, async, pop, submit) hit one,
    /// and a dictionary lookup spares them splitting and decoding the path.
    private var exact: [String: [HTTPMethod: RouteNode.Endpoint]] = [:]
    /// Every registered route, in registration order (for generated documentation and route-walking tests).
    package private(set) var routeTable: [RouteEntry] = []

    /// Turns an error thrown by a handler into a response. Default: an `HTTPResponseError`'s own response,
    /// anything else 500 `{"message":"Internal Server Error","rc":"InternalServerError"}` with no detail.
    package var errorMapper: @Sendable (any Error) -> HTTPResponse = Router.defaultErrorMapper

    /// A router with no routes or middleware.
    package init() {}

    /// Adds a route. Registering the same method and pattern twice is a programming error.
    package mutating func add(_ method: HTTPMethod, _ pattern: String, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: true)
        let names = segments.compactMap { segment -> String? in
            if segment.hasPrefix(":") { return String(segment.dropFirst()) }
            if segment == "*" { return "" }
            return nil
        }
        let endpoint = RouteNode.Endpoint(handler: handler, parameterNames: names, pattern: pattern)
        root.insert(segments, at: 0, method: method, endpoint: endpoint)
        if !segments.contains(where: { $0.hasPrefix(":") || $0 == "*" || $0 == "**" }) {
            exact["/" + segments.joined(separator: "/"), default: [:]][method] = endpoint
        }
        routeTable.append(RouteEntry(method: method, pattern: pattern))
    }

    /// Adds a GET route.
    package mutating func get(_ pattern: String, _ handler: @escaping Handler) { add(.GET, pattern, handler) }
    /// Adds a POST route.
    package mutating func post(_ pattern: String, _ handler: @escaping Handler) { add(.POST, pattern, handler) }
    /// Adds a PUT route.
    package mutating func put(_ pattern: String, _ handler: @escaping Handler) { add(.PUT, pattern, handler) }
    /// Adds a PATCH route.
    package mutating func patch(_ pattern: String, _ handler: @escaping Handler) { add(.PATCH, pattern, handler) }
    /// Adds a DELETE route.
    package mutating func delete(_ pattern: String, _ handler: @escaping Handler) { add(.DELETE, pattern, handler) }

    /// Adds middleware; the first added runs first (outermost).
    package mutating func use(_ middleware: @escaping Middleware) {
        middlewares.append(middleware)
    }

    /// Adds middleware that works on the request's `RequestContext` (request id, logger, typed values such as
    /// the authenticated principal); the context it passes on is what later middleware and the handler see.
    package mutating func use(_ middleware: @escaping ContextMiddleware) {
        middlewares.append { request, next in
            await middleware(request, request.context) { request, context in
                var request = request
                request.context = context
                return await next(request)
            }
        }
    }

    /// The server handler: middleware chain, then routing.
    package func handler() -> HTTPHandler {
        let router = self
        let dispatch: Next = { request in await router.route(request) }
        return middlewares.reversed().reduce(dispatch) { next, middleware in
            { request in await middleware(request, next) }
        }
    }

    /// Routes one request without middleware (what `handler()` ends in).
    package func route(_ request: HTTPRequest) async -> HTTPResponse {
        // A percent-free target's decoded path is its raw path, so the literal lookup sees what the trie would.
        if let endpoint = exact[request.path]?[request.method], !request.target.utf8.contains(UInt8(ascii: "%")) {
            return await invoke(endpoint, request)
        }
        let segments = request.rawPath.split(separator: "/", omittingEmptySubsequences: true).map {
            PercentDecoding.decode($0, plusIsSpace: false)
        }
        var values: [String] = []
        guard let match = root.match(segments, at: 0, values: &values) else {
            return .error(404, message: "Not found", rc: "NotFound")
        }
        let endpoint = match.endpoints[request.method] ?? (request.method == .HEAD ? match.endpoints[.GET] : nil)
        guard let endpoint else {
            var methods = Set(match.endpoints.keys)
            if methods.contains(.GET) { methods.insert(.HEAD) }
            let allow = methods.sorted().map(\.rawValue).joined(separator: ", ")
            var response = HTTPResponse.error(
                405, message: "The method is not allowed for the requested URL.", rc: "MethodNotAllowed")
            response.headers.set("Allow", allow)
            return response
        }
        var request = request
        for (name, value) in zip(endpoint.parameterNames, match.values) where !name.isEmpty {
            request.pathParameters[name] = value
        }
        if let rest = match.rest { request.pathParameters["**"] = rest }
        return await invoke(endpoint, request)
    }

    private func invoke(_ endpoint: RouteNode.Endpoint, _ request: HTTPRequest) async -> HTTPResponse {
        do {
            return try await endpoint.handler(request)
        } catch {
            if !(error is any HTTPResponseError) {
                request.context.logger.info(
                    "handler failed", ["http.route": endpoint.pattern, "error.type": "\(type(of: error))"])
            }
            return errorMapper(error)
        }
    }

    /// The default `errorMapper`.
    package static let defaultErrorMapper: @Sendable (any Error) -> HTTPResponse = { error in
        if let error = error as? any HTTPResponseError { return error.response }
        return .error(500, message: "Internal Server Error", rc: "InternalServerError")
    }
}
