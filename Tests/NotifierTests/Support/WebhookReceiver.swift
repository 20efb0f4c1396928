import Foundation
import HTTP
import HordeCore
import Messages

/// A webhook receiver on loopback: answers each POST by its number (1-based) and records what it got, and how
/// many requests it held at once.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var number: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body)) }
    }

    private let server: HTTPServer
    private let log = Locked<[Received]>([])
    private let inFlight = Locked((now: 0, peak: 0))
    let port: Int

    /// `respond` gets the request number and returns a status after as long as it likes (a hang is a long sleep).
    convenience init(respond: @escaping @Sendable (Int) async -> Int) async throws {
        try await self.init(responding: { HTTPResponse(status: await respond($0)) })
    }

    /// `respond` gets the request number and returns the whole response.
    init(responding respond: @escaping @Sendable (Int) async -> HTTPResponse) async throws {
        let log = self.log
        let inFlight = self.inFlight
        var config = HTTPServerConfig()
        config.port = 0
        config.shutdownGracePeriod = .milliseconds(200)
        config.handlerTimeout = .seconds(120)
        server = HTTPServer(config: config, logger: Logger(label: "receiver", level: .critical)) { request in
            let number = log.withLock { list -> Int in
                list.append(Received(number: list.count + 1, headers: request.headers, body: request.body))
                return list.count
            }
            inFlight.withLock {
                $0.now += 1
                $0.peak = max($0.peak, $0.now)
            }
            defer { inFlight.withLock { $0.now -= 1 } }
            return await respond(number)
        }
        port = try await server.start()
        Task { [server] in try? await server.run() }
    }

    var url: String { "http://127.0.0.1:\(port)/hook" }
    var received: [Received] { log.value }
    /// Most requests this receiver held at once.
    var peakInFlight: Int { inFlight.value.peak }

    func close() async { await server.shutdown() }
}
