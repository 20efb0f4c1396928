import HordeCore

/// The ledger's counters (`/metrics`).
struct LedgerMetrics: Sendable {
    let applied: Counter
    let duplicates: Counter
    let refused: Counter

    init(registry: MetricsRegistry = .shared) {
        applied = registry.counter("horde_ledger_events_total", help: "Ledger events", labels: ["result": "applied"])
        duplicates = registry.counter(
            "horde_ledger_events_total", help: "Ledger events", labels: ["result": "duplicate"])
        refused = registry.counter("horde_ledger_events_total", help: "Ledger events", labels: ["result": "refused"])
    }
}
