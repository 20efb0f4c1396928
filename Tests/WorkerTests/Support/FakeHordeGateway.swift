import Foundation
import HTTP
import HordeCore
import Messages

/// A small AI-Horde-compatible gateway on loopback: find_user, pop and submit for images and texts, with jobs
/// handed out from per-kind queues. It records every call so tests can check what a worker sent.
final class FakeHordeGateway: Sendable {
    struct Call: Sendable {
        var path: String
        var headers: HTTPHeaders
        var body: JSONValue?
        var at: ContinuousClock.Instant
    }

    static let apiKey = "it-worker-key"
    static let ownerId = 42

    private let server: HTTPServer
    private let calls = Locked<[Call]>([])
    private let jobs = Locked<[RequestKind: [JSONValue]]>([:])
    let port: Int

    init() async throws {
        let calls = self.calls
        let jobs = self.jobs
        var router = Router()
        let record: @Sendable (HTTPRequest) -> Void = { request in
            let body = try? JSONDecoder().decode(JSONValue.self, from: Data(request.body))
            calls.withLock { $0.append(Call(path: request.path, headers: request.headers, body: body, at: .now)) }
        }
        let authorized: @Sendable (HTTPRequest) -> Bool = { $0.headers["apikey"] == Self.apiKey }
        let denied = HTTPResponse.error(401, message: "Invalid API Key", rc: "InvalidAPIKey")
        router.add(.GET, "/api/v2/find_user") { request in
            record(request)
            guard authorized(request) else { return denied }
            return HTTPResponse.json(200, ["id": .number(Double(Self.ownerId)), "username": "owner#42", "trusted": true] as JSONValue)
        }
        for (kind, path) in [(RequestKind.image, "/api/v2/generate/pop"), (.text, "/api/v2/generate/text/pop")] {
            router.add(.POST, path) { request in
                record(request)
                guard authorized(request) else { return denied }
                let job = jobs.withLock { queues -> JSONValue? in
                    guard var queue = queues[kind], !queue.isEmpty else { return nil }
                    defer { queues[kind] = queue }
                    return queue.removeFirst()
                }
                return HTTPResponse.json(200, job ?? ["id": nil, "ids": [], "skipped": ["models": 0]])
            }
        }
        for path in ["/api/v2/generate/submit", "/api/v2/generate/text/submit"] {
            router.add(.POST, path) { request in
                record(request)
                guard authorized(request) else { return denied }
                return HTTPResponse.json(200, ["reward": 10] as JSONValue)
            }
        }
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(200)
        server = HTTPServer(config: config, logger: Logger(label: "fake-gateway", level: .critical), handler: router.handler())
        port = try await server.start()
        Task { [server] in try? await server.run() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    /// Hands `job` (a pop answer) to the next pop of `kind`.
    func enqueue(_ kind: RequestKind, _ job: JSONValue) { jobs.withLock { $0[kind, default: []].append(job) } }

    func calls(to path: String) -> [Call] { calls.value.filter { $0.path == path } }

    var submits: [Call] { calls.value.filter { $0.path.hasSuffix("/submit") } }

    func close() async { await server.shutdown() }

    /// A pop answer in the API's shape.
    static func job(ids: [String], model: String, payload: JSONValue, ttl: Int = 60) -> JSONValue {
        ["payload": payload, "id": .string(ids[0]), "ids": .array(ids.map(JSONValue.string)), "model": .string(model),
         "ttl": .number(Double(ttl)), "skipped": [:]]
    }
}
