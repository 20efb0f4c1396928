import HordeCore

/// The ledger's counters (`/metrics`).
struct LedgerMetrics: Sendable {
    /// Events applied.
    let applied: Counter
    /// Events seen before (replays).
    let duplicates: Counter
    /// Events refused as invalid.
    let refused: Counter

    /// Registers the ledger's instruments.
    init(registry: MetricsRegistry = .shared) {
        applied = registry.counter("horde_ledger_events_total", help: "Ledger events", labels: ["result": "applied"])
        duplicates = registry.counter(
            "horde_ledger_events_total", help: "Ledger events", labels: ["result": "duplicate"])
        refused = registry.counter("horde_ledger_events_total", help: "Ledger events", labels: ["result": "refused"])
    }
}
