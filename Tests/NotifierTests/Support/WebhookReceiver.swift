import Foundation
import HTTP
import HordeCore
import Messages

/// A webhook receiver on loopback: answers each POST by its number (1-based) and records what it got.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var number: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
    }

    private let server: HTTPServer
    private let log = Locked<[Received]>([])
    let port: Int

    /// `respond` gets the request number and returns a status after as long as it likes (a hang is a long sleep).
    init(respond: @escaping @Sendable (Int) async -> Int) async throws {
        let log = self.log
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(200)
        server = HTTPServer(config: config, logger: Logger(label: "receiver", level: .critical)) { request in
            let number = log.withLock { list -> Int in
                list.append(Received(number: list.count + 1, headers: request.headers, body: request.body))
                return list.count
            }
            return HTTPResponse(status: await respond(number))
        }
        port = try await server.start()
        Task { [server] in try? await server.run() }
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [Received] { log.value }

    func close() async { await server.shutdown() }
}
