import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// The gateway's HTTP surface: the v2 routes, the admin routes on the same port, the generated documentation,
/// CORS and the `Horde-Node` header on every response, gzip for clients that accept it, `Cache-Control` (`no-store`
/// unless a handler allows reuse), and the error mapping (`HordeError` → its `{message, rc}`; anything else → a
/// logged 500 with no detail).
enum GatewayRoutes {
    /// Methods and headers browsers may use across origins.
    static let allowedMethods = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    /// Request headers browsers may send across origins.
    static let allowedHeaders = "apikey, Client-Agent, Content-Type, X-Fields, Idempotency-Key"

    /// API answers change from one call to the next; handlers whose answers may be reused say so themselves.
    static let noStore = "no-store"

    /// The answer to an `OPTIONS` request (a CORS preflight): every method, the headers the browser asked for
    /// (or the API's own list), cached by the browser for 10 minutes.
    static func preflight(_ request: HTTPRequest) -> HTTPResponse {
        var response = HTTPResponse(status: 200)
        response.headers.set("Access-Control-Allow-Methods", allowedMethods)
        let requested = request.headers["Access-Control-Request-Headers"].map { String($0.trimmingASCIIWhitespace()) }
        response.headers.set("Access-Control-Allow-Headers", requested.flatMap { $0.isEmpty ? nil : $0 } ?? allowedHeaders)
        response.headers.set("Access-Control-Max-Age", "600")
        response.headers.set("Allow", allowedMethods)
        return response
    }

    /// Whether the decoded path or a query value holds a NUL, which no stored text may contain (PostgreSQL refuses
    /// it); refusing it here keeps every handler from having to. Bodies are checked by `JSONBody`.
    static func carriesNul(_ request: HTTPRequest) -> Bool {
        request.path.utf8.contains(0) || request.query.contains { $0.0.utf8.contains(0) || $0.1.utf8.contains(0) }
    }

    /// The router over `context`, with `/readyz` reporting `readiness`.
    static func router(_ context: GatewayContext, readiness: Readiness) -> Router {
        var router = Router()
        let asyncHandler = GenerateAsyncHandler(context: context)
        let pop = PopHandler(context: context)
        let submit = SubmitHandler(context: context)
        let status = StatusHandler(context: context)
        // The heartbeat never changes while the process runs: encode it once, not per request.
        var heartbeat = HTTPResponse.json(
            200, HordeHeartbeat(message: "OK", version: context.config.version), encoder: APICoding.encoder())
        heartbeat.headers.add("Cache-Control", noStore)

        router.add(.GET, "/api/v2/status/heartbeat") { [heartbeat] _ in heartbeat }
        router.add(.POST, "/api/v2/generate/async", asyncHandler.image)
        router.add(.POST, "/api/v2/generate/text/async", asyncHandler.text)
        router.add(.GET, "/api/v2/generate/check/:id", status.check)
        router.add(.GET, "/api/v2/generate/status/:id", status.imageStatus)
        router.add(.DELETE, "/api/v2/generate/status/:id", status.cancelImage)
        router.add(.GET, "/api/v2/generate/text/status/:id", status.textStatus)
        router.add(.DELETE, "/api/v2/generate/text/status/:id", status.cancelText)
        InterrogationRoutes.install(on: &router, context: context)
        router.add(.POST, "/api/v2/generate/pop", pop.image)
        router.add(.POST, "/api/v2/generate/text/pop", pop.text)
        router.add(.POST, "/api/v2/generate/submit", submit.image)
        router.add(.POST, "/api/v2/generate/text/submit", submit.text)
        AccountsRoutes.install(on: &router, context: context)
        StylesRoutes.install(on: &router, context: context)
        PlatformRoutes.install(on: &router, context: context)
        KudosRoutes.install(on: &router, context: context)
        AdminRoutes.install(on: &router, readiness: readiness, service: "gateway")

        let node = context.instanceId
        let gzipMinBytes = context.config.gzipMinBytes
        router.use { request, next in
            var response =
                if request.method == .OPTIONS {
                    preflight(request)
                } else if carriesNul(request) {
                    HordeError(.nulByteInPayload, "The path or query contains a NUL character.").response
                } else {
                    await next(request)
                }
            // Handlers never set these two, so appending is enough (and skips a scan of the headers).
            response.headers.add("Access-Control-Allow-Origin", "*")
            response.headers.add("Horde-Node", node)
            if !response.headers.contains("Cache-Control") { response.headers.add("Cache-Control", noStore) }
            if response.body.count >= gzipMinBytes {
                ResponseCompression.apply(
                    to: &response, acceptEncoding: request.headers["Accept-Encoding"], minBytes: gzipMinBytes)
            }
            return response
        }
        ModerationRoutes.install(on: &router, context: context)
        let logger = context.logger
        router.errorMapper = { error in
            if let error = error as? any HTTPResponseError { return error.response }
            logger.error("request failed", ["error": String(reflecting: error)])
            return HordeError(.internalServerError, "Internal Server Error").response
        }
        // Last, so the documentation lists every route registered above.
        DocsRoutes.install(on: &router, version: context.config.version)
        return router
    }
}
