import Foundation
import HTTP
import HordeCore
import Messages

/// A model server on loopback answering one backend API's routes from closures, recording every request body.
final class FakeModelServer: Sendable {
    struct Call: Sendable {
        var path: String
        var headers: HTTPHeaders
        var body: JSONValue?
    }

    private let server: HTTPServer
    private let recorded = Locked<[Call]>([])
    let port: Int

    /// Serves POST `routes` (path → answer).
    init(_ routes: [String: @Sendable (JSONValue?) async -> HTTPResponse]) async throws {
        let recorded = self.recorded
        var router = Router()
        for (path, answer) in routes {
            router.add(.POST, path) { request in
                let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))
                recorded.withLock { $0.append(Call(path: request.path, headers: request.headers, body: body)) }
                return await answer(body)
            }
        }
        // The health checks the worker probes before popping (KoboldCpp, completions servers, the web UI, ComfyUI).
        for path in ["/api/v1/model", "/v1/models", "/sdapi/v1/progress", "/system_stats"] {
            router.add(.GET, path) { _ in HTTPResponse.json(200, ["ok": true] as JSONValue) }
        }
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(100)
        server = HTTPServer(config: config, logger: Logger(label: "fake-model-server", level: .critical), handler: router.handler())
        port = try await server.start()
        Task { [server] in try? await server.run() }
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var calls: [Call] { recorded.value }

    func close() async { await server.shutdown() }

    /// An answer that comes only after `delay`, as from a stuck server.
    static func hanging(_ delay: Duration = .seconds(30)) -> @Sendable (JSONValue?) async -> HTTPResponse {
        { _ in
            try? await Task.sleep(for: delay)
            return HTTPResponse.json(200, ["late": true] as JSONValue)
        }
    }
}
