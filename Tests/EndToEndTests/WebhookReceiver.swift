import Foundation
import HTTP
import HordeCore
import Synchronization

/// A loopback HTTP endpoint that records the JSON bodies POSTed to it.
final class WebhookReceiver: Sendable {
    private let bodies = Mutex<[[String: Any]]>([])
    private let server: Mutex<HTTPServer?> = Mutex(nil)

    func start() async throws -> Int {
        let bodies = self.bodies
        let server = HTTPServer(config: HTTPServerConfig(), logger: Logger(label: "webhook", level: .warning)) {
            request in
            if let object = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] {
                bodies.withLock { $0.append(object) }
            }
            return HTTPResponse(status: 200)
        }
        self.server.withLock { $0 = server }
        return try await server.start()
    }

    func waitForDelivery(timeout: Duration) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let first = bodies.withLock({ $0.first }) { return first }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterError("no webhook delivery within \(timeout)")
    }

    func stop() async {
        if let server = server.withLock({ $0 }) { await server.shutdown() }
    }
}
