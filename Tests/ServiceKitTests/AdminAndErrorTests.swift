import Foundation
import HTTP
import HordeCore
import Messages
import Testing

@testable import ServiceKit

@Suite struct HordeErrorTests {
    @Test func rendersMessageAndRcWithTheCatalogueStatus() throws {
        let response = HordeError(.invalidAPIKey, "No user matching sent API Key.").response
        #expect(response.status == 401)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["rc"] as? String == "InvalidAPIKey")
        #expect(object?["message"] as? String == "No user matching sent API Key.")
        #expect(response.headers["Content-Type"]?.hasPrefix("application/json") == true)
    }

    @Test func validationErrorsCarryTheFieldAndExtraHeaders() throws {
        let response = HordeError.validation("params.steps", "must be at most 500").response
        #expect(response.status == 400)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        #expect(object?["rc"] as? String == "ValidationError")
        #expect((object?["errors"] as? [String: String])?["params.steps"] == "must be at most 500")
        let limited = HordeError(.rateLimited, "slow down", headers: [("Retry-After", "3")]).response
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "3")
    }
}

@Suite struct AdminRouteTests {
    private func get(_ router: Router, _ path: String) async -> HTTPResponse {
        await router.route(HTTPRequest(method: .GET, target: path))
    }

    @Test func readinessFollowsChecksAndDraining() async throws {
        let readiness = Readiness()
        let healthy = Flag(true)
        readiness.register("postgres") { healthy.value }
        var router = Router()
        AdminRoutes.install(on: &router, readiness: readiness, service: "unit")

        #expect(await get(router, "/healthz").status == 200)
        #expect(await get(router, "/readyz").status == 200)
        healthy.value = false
        let down = await get(router, "/readyz")
        #expect(down.status == 503)
        let object = try JSONSerialization.jsonObject(with: Data(down.body)) as? [String: Any]
        #expect((object?["checks"] as? [String: Bool])?["postgres"] == false)
        healthy.value = true
        readiness.startDraining()
        #expect(await get(router, "/readyz").status == 503)
        #expect(await get(router, "/healthz").status == 200)
    }

    @Test func metricsAreInPrometheusTextFormat() async {
        MetricsRegistry.shared.counter("servicekit_test_total", help: "A test counter").increment()
        var router = Router()
        AdminRoutes.install(on: &router, readiness: Readiness(), service: "unit")
        let response = await get(router, "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain") == true)
        #expect(String(decoding: response.body, as: UTF8.self).contains("servicekit_test_total 1"))
    }
}

/// A boolean the test flips while a readiness check reads it.
private final class Flag: @unchecked Sendable {
    // @unchecked Sendable: guarded by `lock`.
    private let lock = NSLock()
    private var stored: Bool
    init(_ value: Bool) { stored = value }
    var value: Bool {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
