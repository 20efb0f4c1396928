import Foundation
import HTTP
import Messages

/// Serves `/api/swagger.json` and `/api`. Install it after every other route: both bodies are built once from
/// the router's table as it stands then (plus these two routes), since routes cannot change afterwards.
enum DocsRoutes {
    /// How long clients may reuse the documents (they change only with a new release).
    static let maxAge = 300
    /// Where the swagger document is served.
    static let swaggerPath = "/api/swagger.json"
    /// Where the readable page is served.
    static let pagePath = "/api"

    /// Registers the two routes with their prebuilt bodies.
    static func install(on router: inout Router, version: String) {
        let routes = router.routeTable + [
            RouteEntry(method: .GET, pattern: swaggerPath), RouteEntry(method: .GET, pattern: pagePath),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var swagger = HTTPResponse.json(200, SwaggerDocument.build(routes: routes, version: version), encoder: encoder)
        swagger.headers.set("Cache-Control", "public, max-age=\(maxAge)")
        var page = HTTPResponse.text(
            200, APIPage.html(routes: routes, version: version), contentType: "text/html; charset=utf-8")
        page.headers.set("Cache-Control", "public, max-age=\(maxAge)")
        router.add(.GET, swaggerPath) { [swagger] _ in swagger }
        router.add(.GET, pagePath) { [page] _ in page }
    }
}
