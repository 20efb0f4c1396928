import HordeCore

/// The Prometheus instruments of one pool, labelled `pool=<applicationName>`.
final class PostgresPoolMetrics: Sendable {
    /// The `pool` label.
    let poolName: String
    /// Connections leased right now.
    let inUse: Gauge
    /// Connections idle in the pool.
    let idle: Gauge
    /// Callers waiting for a connection.
    let waiters: Gauge
    /// Statement round-trip time, successful or not.
    let queryDuration: Histogram
    /// Connections opened.
    let connectionsOpened: Counter
    /// Connection attempts that failed.
    let connectFailures: Counter
    /// Connections closed because they broke or failed the health check on lease.
    let connectionsDiscarded: Counter
    /// Transactions run again after a serialization failure or deadlock.
    let transactionRetries: Counter
    private let registry: MetricsRegistry

    /// The instruments for the pool called `poolName` in `registry`.
    init(poolName: String, registry: MetricsRegistry = .shared) {
        let labels = ["pool": poolName]
        self.poolName = poolName
        self.registry = registry
        inUse = registry.gauge("horde_postgres_pool_connections_in_use", help: "Connections leased", labels: labels)
        idle = registry.gauge(
            "horde_postgres_pool_connections_idle", help: "Connections idle in the pool", labels: labels)
        waiters = registry.gauge(
            "horde_postgres_pool_waiters", help: "Callers waiting for a connection", labels: labels)
        queryDuration = registry.histogram(
            "horde_postgres_query_duration_seconds", help: "Statement round-trip time", labels: labels)
        connectionsOpened = registry.counter(
            "horde_postgres_connections_opened_total", help: "Connections opened", labels: labels)
        connectFailures = registry.counter(
            "horde_postgres_connect_failures_total", help: "Connection attempts that failed", labels: labels)
        connectionsDiscarded = registry.counter(
            "horde_postgres_connections_discarded_total", help: "Connections closed because they broke",
            labels: labels)
        transactionRetries = registry.counter(
            "horde_postgres_transaction_retries_total", help: "Transactions retried after 40001 or 40P01",
            labels: labels)
    }

    /// Counts a failed statement by its kind.
    func queryFailed(_ error: PostgresError) {
        registry.counter(
            "horde_postgres_query_errors_total", help: "Statements that failed, by kind",
            labels: ["pool": poolName, "code": error.code.description]
        ).increment()
    }

    /// Publishes the pool's current shape.
    func update(_ state: PoolState) {
        inUse.set(state.leased.count)
        idle.set(state.idle.count)
        waiters.set(state.waiters.count)
    }
}
