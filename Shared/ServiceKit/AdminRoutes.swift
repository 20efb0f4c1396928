import Foundation
import HTTP
import HordeCore
import Messages

/// `/healthz`, `/readyz` and `/metrics`, served on every service's admin port (and on the gateway's API port).
package enum AdminRoutes {
    /// Adds the three routes to `router`.
    package static func install(on router: inout Router, readiness: Readiness, service: String) {
        router.add(.GET, "/healthz") { _ in
            HTTPResponse.json(200, JSONValue.object(["status": "ok", "service": .string(service)]))
        }
        router.add(.GET, "/readyz") { _ in
            let (ready, results) = await readiness.evaluate()
            let checks = JSONValue.object(results.mapValues { JSONValue.bool($0) })
            return HTTPResponse.json(
                ready ? 200 : 503,
                JSONValue.object(["status": .string(ready ? "ready" : "not ready"), "checks": checks]))
        }
        router.add(.GET, "/metrics") { _ in
            HTTPResponse.text(200, MetricsRegistry.shared.render(), contentType: "text/plain; version=0.0.4")
        }
    }
}

extension AdminRoutes {
    /// The admin HTTP server (`/healthz`, `/readyz`, `/metrics`) on the configured admin host and port.
    package static func service(
        config: CommonConfig, readiness: Readiness, service: String, logger: Logger,
        routes: (inout Router) -> Void = { _ in }
    ) -> HTTPServerService {
        var router = Router()
        install(on: &router, readiness: readiness, service: service)
        routes(&router)
        let server = HTTPServer(config: config.http, logger: logger.child("admin"), handler: router.handler())
        return HTTPServerService(name: "admin", server: server, readiness: readiness)
    }
}

/// Serves an HTTP handler until graceful shutdown, then drains: readiness goes to 503 first, then the listener
/// closes and in-flight requests finish.
package struct HTTPServerService: Service {
    package let name: String
    private let server: HTTPServer
    private let readiness: Readiness?
    private let drainDelay: Duration

    /// - Parameter drainDelay: how long `/readyz` reports 503 before the listener closes (Default: 0 s), so load
    ///   balancers notice before connections are refused.
    package init(name: String, server: HTTPServer, readiness: Readiness? = nil, drainDelay: Duration = .zero) {
        self.name = name
        self.server = server
        self.readiness = readiness
        self.drainDelay = drainDelay
    }

    package func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask {
                await gracefulShutdownTriggered()
                readiness?.startDraining()
                if drainDelay > .zero { try? await Task.sleep(for: drainDelay) }
                await server.shutdown()
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
