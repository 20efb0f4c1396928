import HordeCore
import Synchronization

/// The server's instruments in `MetricsRegistry.shared`: `horde_http_requests_total{status}`,
/// `horde_http_open_connections` and `horde_http_request_duration_seconds`.
final class HTTPServerMetrics: Sendable {
    /// Shared by every server in the process (they all count into the same series).
    static let shared = HTTPServerMetrics(registry: .shared)

    /// `horde_http_open_connections`.
    let openConnections: Gauge
    /// `horde_http_request_duration_seconds`.
    let duration: Histogram
    /// `horde_http_rejected_connections_total`.
    let rejectedConnections: Counter
    private let registry: MetricsRegistry
    /// Counters by status, so the registry's lookup (which builds a label string) runs once per status.
    private let byStatus = Mutex<[Int: Counter]>([:])

    /// Registers the instruments in `registry`.
    init(registry: MetricsRegistry) {
        self.registry = registry
        openConnections = registry.gauge("horde_http_open_connections", help: "Open HTTP server connections.")
        duration = registry.histogram(
            "horde_http_request_duration_seconds", help: "Time from a complete request to its response written.")
        rejectedConnections = registry.counter(
            "horde_http_rejected_connections_total", help: "Connections refused with 503 at the connection limit.")
    }

    /// Counts one response with `status` that took `seconds`.
    func record(status: Int, seconds: Double) {
        counter(for: status).increment()
        duration.observe(seconds)
    }

    /// Counts a response the server produced itself (errors), without a duration.
    func record(status: Int) {
        counter(for: status).increment()
    }

    /// The counter of responses with `status`.
    func counter(for status: Int) -> Counter {
        if let counter = byStatus.withLock({ $0[status] }) { return counter }
        let counter = registry.counter(
            "horde_http_requests_total", help: "HTTP responses sent, by status.", labels: ["status": String(status)])
        byStatus.withLock { $0[status] = counter }
        return counter
    }
}
