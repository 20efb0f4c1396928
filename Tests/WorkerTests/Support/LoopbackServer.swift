import Foundation
import HTTP
import HordeCore
import Messages

/// An HTTP server on loopback answering any method and path pattern from closures, recording every request.
final class LoopbackServer: Sendable {
    struct Call: Sendable {
        var method: String
        var path: String
        var query: [(String, String)]
        var headers: HTTPHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
        func queryValue(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
    }

    typealias Route = (method: HTTPMethod, pattern: String, answer: @Sendable (HTTPRequest) async -> HTTPResponse)

    private let server: HTTPServer
    private let recorded = Locked<[Call]>([])
    let port: Int

    init(_ routes: [Route]) async throws {
        let recorded = self.recorded
        var router = Router()
        for route in routes {
            router.add(route.method, route.pattern) { request in
                recorded.withLock {
                    $0.append(Call(method: request.method.rawValue, path: request.path, query: request.query,
                                   headers: request.headers, body: request.body))
                }
                return await route.answer(request)
            }
        }
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(100)
        server = HTTPServer(config: config, logger: Logger(label: "loopback", level: .critical), handler: router.handler())
        port = try await server.start()
        Task { [server] in try? await server.run() }
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var calls: [Call] { recorded.value }
    func calls(_ path: String) -> [Call] { recorded.value.filter { $0.path == path } }

    func close() async { await server.shutdown() }

    static func bytes(_ status: Int, _ body: [UInt8], contentType: String = "application/octet-stream") -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: body)
    }
}
