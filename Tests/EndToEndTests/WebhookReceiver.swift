import Foundation
import HTTP
import HordeCore
import Synchronization

/// Bodies received so far, shared between the server's handler and the test.
private final class Inbox: Sendable {
    private let bodies = Mutex<[[UInt8]]>([])
    func append(_ body: [UInt8]) { bodies.withLock { $0.append(body) } }
    var first: [UInt8]? { bodies.withLock { $0.first } }
}

/// A loopback HTTP endpoint that records the JSON bodies POSTed to it.
final class WebhookReceiver: Sendable {
    private let inbox = Inbox()
    private let server: HTTPServer

    init() {
        let inbox = self.inbox
        server = HTTPServer(config: HTTPServerConfig(), logger: Logger(label: "webhook", level: .warning)) { request in
            inbox.append(request.body)
            return HTTPResponse(status: 200)
        }
    }

    /// Binds to an ephemeral loopback port and serves in the background; returns the port.
    func start() async throws -> Int {
        let port = try await server.start()
        let server = self.server
        Task { try await server.run() }
        return port
    }

    func waitForDelivery(timeout: Duration) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let body = inbox.first,
                let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
            {
                return object
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError("no webhook delivery within \(timeout)")
    }

    func stop() async { await server.shutdown() }
}
