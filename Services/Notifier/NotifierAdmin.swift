import Foundation
import HTTP
import HordeCore
import Messages
import Postgres
import ServiceKit

/// The notifier's admin port: the common `/healthz`, `/readyz`, `/metrics`, plus the delivery history
/// (`GET /deliveries/{job_id}`, `GET /deliveries?request_id=…`).
enum NotifierAdmin {
    /// The admin server of `runtime` with the delivery routes added.
    static func service(runtime: ServiceRuntime) -> HTTPServerService {
        var router = Router()
        AdminRoutes.install(on: &router, readiness: runtime.readiness, service: "notifier")
        addDeliveryRoutes(to: &router, pool: runtime.postgres)
        let server = HTTPServer(
            config: runtime.config.http, logger: runtime.logger.child("admin"), handler: router.handler())
        return HTTPServerService(name: "admin", server: server, readiness: runtime.readiness)
    }

    /// The two history routes, reading `pool`.
    static func addDeliveryRoutes(to router: inout Router, pool: PostgresPool) {
        router.get("/deliveries/:job") { request in
            guard let job = request.pathParameters["job"].flatMap(UUID.init(uuidString:)) else {
                return HTTPResponse.json(400, JSONValue.object(["message": "job id is not a UUID"]))
            }
            guard let found = try await DeliveryHistory.delivery(jobId: job, pool: pool) else {
                return HTTPResponse.json(404, JSONValue.object(["message": "no delivery for this job"]))
            }
            return HTTPResponse.json(200, found)
        }
        router.get("/deliveries") { request in
            guard let requestId = request.queryValue("request_id").flatMap(UUID.init(uuidString:)) else {
                return HTTPResponse.json(400, JSONValue.object(["message": "request_id must be a UUID"]))
            }
            let found = try await DeliveryHistory.deliveries(requestId: requestId, pool: pool)
            return HTTPResponse.json(200, JSONValue.object(["deliveries": .array(found)]))
        }
    }
}
