/// A long-running part of a process (an HTTP server, a Kafka consumer loop, a maintenance timer).
///
/// `run()` returns when the service has finished its work after a graceful shutdown was triggered (observe it with
/// `withGracefulShutdownHandler` or `gracefulShutdownTriggered()`), or throws on failure. Task cancellation means
/// "stop now".
package protocol Service: Sendable {
    /// A name for logs.
    var name: String { get }
    func run() async throws
}

/// A service made from a name and a closure.
package struct ClosureService: Service {
    package let name: String
    private let body: @Sendable () async throws -> Void

    package init(name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.body = body
    }

    package func run() async throws { try await body() }
}
