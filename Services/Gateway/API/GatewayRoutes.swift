import Foundation
import HTTP
import HordeCore
import Messages
import ServiceKit

/// The gateway's HTTP surface: the v2 routes, the admin routes on the same port, CORS and the `Horde-Node`
/// header on every response, and the error mapping (`HordeError` → its `{message, rc}`; anything else → a logged
/// 500 with no detail).
enum GatewayRoutes {
    /// Methods and headers browsers may use across origins.
    static let allowedMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
    /// Request headers browsers may send across origins.
    static let allowedHeaders = "apikey, Client-Agent, Content-Type, X-Fields, Idempotency-Key"

    /// The router over `context`, with `/readyz` reporting `readiness`.
    static func router(_ context: GatewayContext, readiness: Readiness) -> Router {
        var router = Router()
        let asyncHandler = GenerateAsyncHandler(context: context)
        let pop = PopHandler(context: context)
        let submit = SubmitHandler(context: context)
        let status = StatusHandler(context: context)
        let users = UsersHandler(context: context)
        let workers = WorkersHandler(context: context)
        // The heartbeat never changes while the process runs: encode it once, not per request.
        let heartbeat = HTTPResponse.json(
            200, HordeHeartbeat(message: "OK", version: context.config.version), encoder: APICoding.encoder())

        router.add(.GET, "/api/v2/status/heartbeat") { _ in heartbeat }
        router.add(.POST, "/api/v2/generate/async", asyncHandler.image)
        router.add(.POST, "/api/v2/generate/text/async", asyncHandler.text)
        router.add(.GET, "/api/v2/generate/check/:id", status.check)
        router.add(.GET, "/api/v2/generate/status/:id", status.imageStatus)
        router.add(.DELETE, "/api/v2/generate/status/:id", status.cancelImage)
        router.add(.GET, "/api/v2/generate/text/status/:id", status.textStatus)
        router.add(.DELETE, "/api/v2/generate/text/status/:id", status.cancelText)
        router.add(.POST, "/api/v2/generate/pop", pop.image)
        router.add(.POST, "/api/v2/generate/text/pop", pop.text)
        router.add(.POST, "/api/v2/generate/submit", submit.image)
        router.add(.POST, "/api/v2/generate/text/submit", submit.text)
        router.add(.GET, "/api/v2/users/:user_id", users.user)
        router.add(.GET, "/api/v2/find_user", users.findUser)
        router.add(.GET, "/api/v2/workers/:worker_id", workers.worker)
        KudosRoutes.install(on: &router, context: context)
        AdminRoutes.install(on: &router, readiness: readiness, service: "gateway")

        let node = context.instanceId
        router.use { request, next in
            var response: HTTPResponse
            if request.method == .OPTIONS {
                response = HTTPResponse(status: 200)
                response.headers.set("Access-Control-Allow-Methods", allowedMethods)
                response.headers.set("Access-Control-Allow-Headers", allowedHeaders)
                response.headers.set("Access-Control-Max-Age", "600")
            } else {
                response = await next(request)
            }
            // Handlers never set these two, so appending is enough (and skips a scan of the headers).
            response.headers.add("Access-Control-Allow-Origin", "*")
            response.headers.add("Horde-Node", node)
            return response
        }
        let logger = context.logger
        router.errorMapper = { error in
            if let error = error as? any HTTPResponseError { return error.response }
            logger.error("request failed", ["error": String(reflecting: error)])
            return HordeError(.internalServerError, "Internal Server Error").response
        }
        return router
    }
}
