import Synchronization

/// A monotonically increasing count, lock-free.
package final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    init() {}
    package func increment(by amount: Int = 1) { value.wrappingAdd(amount, ordering: .relaxed) }
    package var current: Int { value.load(ordering: .relaxed) }
}

/// A value that goes up and down (queue depth, open connections).
package final class Gauge: Sendable {
    private let value = Atomic<Int>(0)
    init() {}
    package func set(_ newValue: Int) { value.store(newValue, ordering: .relaxed) }
    package func increment(by amount: Int = 1) { value.wrappingAdd(amount, ordering: .relaxed) }
    package func decrement(by amount: Int = 1) { value.wrappingSubtract(amount, ordering: .relaxed) }
    package var current: Int { value.load(ordering: .relaxed) }
}

/// Observations in fixed buckets (seconds by default), rendered as a Prometheus histogram.
package final class Histogram: Sendable {
    /// Upper bounds of the buckets, ascending; `+Inf` is implicit.
    package let bounds: [Double]
    private struct State { var counts: [Int]; var sum: Double; var count: Int }
    private let state: Mutex<State>

    init(bounds: [Double]) {
        self.bounds = bounds
        self.state = Mutex(State(counts: Array(repeating: 0, count: bounds.count), sum: 0, count: 0))
    }

    package func observe(_ value: Double) {
        let index = bounds.firstIndex(where: { value <= $0 })
        state.withLock { state in
            if let index { state.counts[index] += 1 }
            state.sum += value
            state.count += 1
        }
    }

    package func observe(_ duration: Duration) { observe(duration.seconds) }

    fileprivate func snapshot() -> (cumulative: [Int], sum: Double, count: Int) {
        state.withLock { state in
            var running = 0
            let cumulative = state.counts.map { running += $0; return running }
            return (cumulative, state.sum, state.count)
        }
    }

    /// Default latency buckets: 0.5 ms to 10 s.
    package static let latencyBounds: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]
}

/// All metrics of one process, rendered in the Prometheus text exposition format for `/metrics`.
/// Metrics are created once and cached by name plus labels, so asking again returns the same instrument.
package final class MetricsRegistry: Sendable {
    /// The process-wide registry that `/metrics` renders.
    package static let shared = MetricsRegistry()

    fileprivate enum Instrument {
        case counter(Counter), gauge(Gauge), histogram(Histogram)
    }
    private struct Family { var kind: String; var help: String; var series: [String: Instrument] }
    private let families = Mutex<[String: Family]>([:])

    package init() {}

    package func counter(_ name: String, help: String, labels: [String: String] = [:]) -> Counter {
        instrument(name, kind: "counter", help: help, labels: labels) { .counter(Counter()) }.asCounter!
    }

    package func gauge(_ name: String, help: String, labels: [String: String] = [:]) -> Gauge {
        instrument(name, kind: "gauge", help: help, labels: labels) { .gauge(Gauge()) }.asGauge!
    }

    package func histogram(
        _ name: String, help: String, labels: [String: String] = [:], bounds: [Double] = Histogram.latencyBounds
    ) -> Histogram {
        instrument(name, kind: "histogram", help: help, labels: labels) { .histogram(Histogram(bounds: bounds)) }
            .asHistogram!
    }

    private func instrument(
        _ name: String, kind: String, help: String, labels: [String: String], make: () -> Instrument
    ) -> Instrument {
        let key = MetricsRegistry.labelText(labels)
        return families.withLock { families in
            var family = families[name] ?? Family(kind: kind, help: help, series: [:])
            if let existing = family.series[key] { return existing }
            let created = make()
            family.series[key] = created
            families[name] = family
            return created
        }
    }

    /// The Prometheus text format of every metric, sorted by name.
    package func render() -> String {
        let copy = families.withLock { $0 }
        var out = ""
        for name in copy.keys.sorted() {
            let family = copy[name]!
            out += "# HELP \(name) \(family.help)\n# TYPE \(name) \(family.kind)\n"
            for labels in family.series.keys.sorted() {
                switch family.series[labels]! {
                case .counter(let counter): out += "\(name)\(labels) \(counter.current)\n"
                case .gauge(let gauge): out += "\(name)\(labels) \(gauge.current)\n"
                case .histogram(let histogram):
                    let (cumulative, sum, count) = histogram.snapshot()
                    for (bound, total) in zip(histogram.bounds, cumulative) {
                        out += "\(name)_bucket\(MetricsRegistry.merge(labels, "le", "\(bound)")) \(total)\n"
                    }
                    out += "\(name)_bucket\(MetricsRegistry.merge(labels, "le", "+Inf")) \(count)\n"
                    out += "\(name)_sum\(labels) \(sum)\n\(name)_count\(labels) \(count)\n"
                }
            }
        }
        return out
    }

    private static func labelText(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let body = labels.keys.sorted().map { "\($0)=\(escape(labels[$0]!))" }.joined(separator: ",")
        return "{\(body)}"
    }

    private static func merge(_ labels: String, _ key: String, _ value: String) -> String {
        let pair = "\(key)=\(escape(value))"
        return labels.isEmpty ? "{\(pair)}" : String(labels.dropLast()) + ",\(pair)}"
    }

    private static func escape(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}

extension MetricsRegistry.Instrument {
    fileprivate var asCounter: Counter? { if case .counter(let c) = self { c } else { nil } }
    fileprivate var asGauge: Gauge? { if case .gauge(let g) = self { g } else { nil } }
    fileprivate var asHistogram: Histogram? { if case .histogram(let h) = self { h } else { nil } }
}
