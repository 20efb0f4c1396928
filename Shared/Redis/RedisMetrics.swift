import HordeCore

/// The instruments of one client, labelled with its `clientName`.
struct RedisMetrics: Sendable {
    /// Seconds from call to reply, failures included.
    let commandDuration: Histogram
    /// Connections opened, the first ones and reconnects alike.
    let connects: Counter
    /// 1 while the circuit is open and calls fail fast.
    let circuitOpen: Gauge
    private let failures: [RedisError.Code: Counter]
    private let otherFailures: Counter

    /// The instruments labelled `client`, registered in `registry`.
    init(client: String, registry: MetricsRegistry = .shared) {
        let labels = ["client": client]
        commandDuration = registry.histogram(
            "horde_redis_command_duration_seconds", help: "Redis call latency, from call to reply.", labels: labels)
        connects = registry.counter("horde_redis_connects_total", help: "Redis connections opened.", labels: labels)
        circuitOpen = registry.gauge(
            "horde_redis_circuit_open", help: "1 while Redis is unreachable and calls fail fast.", labels: labels)
        let codes: [RedisError.Code] = [
            .unavailable, .timeout, .connectionLost, .protocolError, .server, .invalidConfiguration,
        ]
        var failures: [RedisError.Code: Counter] = [:]
        for code in codes { failures[code] = Self.failureCounter(registry, client, code.description) }
        self.failures = failures
        otherFailures = Self.failureCounter(registry, client, "other")
    }

    /// Counts one failed call by the kind of failure.
    func recordFailure(_ code: RedisError.Code) {
        (failures[code] ?? otherFailures).increment()
    }

    private static func failureCounter(_ registry: MetricsRegistry, _ client: String, _ reason: String) -> Counter {
        registry.counter(
            "horde_redis_failures_total", help: "Redis calls that failed, by reason.",
            labels: ["client": client, "reason": reason])
    }
}
