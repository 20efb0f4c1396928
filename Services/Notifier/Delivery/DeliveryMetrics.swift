import HordeCore

/// The notifier's delivery metrics, registered once.
enum DeliveryMetrics {
    private static let registry = MetricsRegistry.shared

    /// Attempts sent (each POST, first tries and retries alike).
    static let attempted = registry.counter(
        "horde_webhook_attempts_started_total", help: "Webhook attempts sent")
    /// Attempts answered with a 2xx status.
    static let succeeded = registry.counter(
        "horde_webhook_attempts_succeeded_total", help: "Webhook attempts answered with a 2xx status")
    /// Attempts that failed (no response, timeout, 3xx, 4xx, 5xx).
    static let failed = registry.counter(
        "horde_webhook_attempts_failed_total", help: "Webhook attempts without a 2xx response")
    /// Attempts that were retries (the second attempt of a delivery and later).
    static let retried = registry.counter(
        "horde_webhook_retries_total", help: "Webhook attempts that retried an earlier failed attempt")
    /// Deliveries that used up their attempts and became dead letters.
    static let dead = registry.counter(
        "horde_webhook_dead_letters_total", help: "Webhook deliveries that failed every attempt")
    /// Time from sending an attempt to its response or failure.
    static let latency = registry.histogram(
        "horde_webhook_attempt_seconds", help: "Duration of one webhook attempt")
    /// Deliveries pending in the database (all instances), as of the last sweep.
    static let pending = registry.gauge(
        "horde_webhook_pending_deliveries", help: "Webhook deliveries pending in the store, as of the last sweep")
}
