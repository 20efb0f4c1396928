import Foundation
import Synchronization
import Testing

@testable import HordeCore

/// Lines shared between the test and its services.
private final class EventLog: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// A service that records when it starts and stops, and stops on graceful shutdown.
private struct RecordingService: Service {
    let name: String
    let log: EventLog

    func run() async throws {
        log.append("start \(name)")
        await gracefulShutdownTriggered()
        log.append("stop \(name)")
    }
}

@Suite struct ServiceGroupTests {
    @Test func shutsDownInReverseStartOrder() async throws {
        let log = EventLog()
        let group = ServiceGroup(
            services: ["a", "b", "c"].map { RecordingService(name: $0, log: log) },
            logger: Logger(label: "test", level: .critical), signals: [])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while log.all.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
            group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(Array(log.all.suffix(3)) == ["stop c", "stop b", "stop a"])
    }

    @Test func aFailingServiceStopsTheOthersAndTheErrorSurfaces() async throws {
        struct Boom: Error {}
        let log = EventLog()
        let group = ServiceGroup(
            services: [
                RecordingService(name: "steady", log: log),
                ClosureService(name: "failing") {
                    try await Task.sleep(for: .milliseconds(20))
                    throw Boom()
                },
            ], logger: Logger(label: "test", level: .critical), signals: [])
        await #expect(throws: Boom.self) { try await group.run() }
        #expect(log.all == ["start steady", "stop steady"])
    }

    @Test func servicesIgnoringShutdownAreCancelledAfterTheTimeout() async throws {
        let group = ServiceGroup(
            services: [ClosureService(name: "stubborn") { try await Task.sleep(for: .seconds(3600)) }],
            logger: Logger(label: "test", level: .critical), signals: [], gracefulShutdownTimeout: .milliseconds(100))
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(20))
            group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func handlersRegisteredAfterShutdownRunAtOnce() {
        let manager = GracefulShutdownManager()
        let calls = Atomic<Int>(0)
        _ = manager.register { calls.add(1, ordering: .relaxed) }
        manager.trigger()
        manager.trigger()
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(manager.register { calls.add(1, ordering: .relaxed) } == nil)
        #expect(calls.load(ordering: .relaxed) == 2)
    }
}

@Suite struct EnvironmentTests {
    @Test func parsesTypedSettingsAndRejectsGarbage() throws {
        let env = Environment(["A": "12", "B": "250ms", "C": "yes", "D": "x", "E": "a, b,,c", "F": "2m"])
        #expect(try env.int("A", default: 1) == 12)
        #expect(try env.int("MISSING", default: 7) == 7)
        #expect(try env.duration("B", default: .zero) == .milliseconds(250))
        #expect(try env.duration("F", default: .zero) == .seconds(120))
        #expect(try env.bool("C", default: false))
        #expect(env.list("E", default: []) == ["a", "b", "c"])
        #expect(throws: ConfigError.self) { try env.int("D", default: 0) }
        #expect(throws: ConfigError.self) { try env.bool("D", default: false) }
        #expect(throws: ConfigError.self) { try env.duration("D", default: .zero) }
    }
}

@Suite struct LoggingAndMetricsTests {
    @Test func logLinesAreJSONWithMetadata() throws {
        let sink = MemorySink()
        let logger = Logger(label: "unit", level: .info, sink: sink).with("horde.request.id", "r1")
        logger.debug("hidden")
        logger.info("hello \"world\"\n", ["extra": "1"])
        #expect(sink.all.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(sink.all[0].utf8)) as? [String: String]
        #expect(object?["msg"] == "hello \"world\"\n")
        #expect(object?["horde.request.id"] == "r1")
        #expect(object?["extra"] == "1")
        #expect(object?["level"] == "info")
    }

    @Test func prometheusTextHasCountersGaugesAndHistograms() {
        let registry = MetricsRegistry()
        registry.counter("jobs_total", help: "Jobs", labels: ["kind": "image"]).increment(by: 3)
        registry.counter("jobs_total", help: "Jobs", labels: ["kind": "image"]).increment()
        registry.gauge("queue_depth", help: "Depth").set(5)
        let histogram = registry.histogram("latency_seconds", help: "Latency", bounds: [0.1, 1])
        histogram.observe(0.05)
        histogram.observe(0.5)
        histogram.observe(5)
        let text = registry.render()
        #expect(text.contains("jobs_total{kind=\"image\"} 4"))
        #expect(text.contains("queue_depth 5"))
        #expect(text.contains("latency_seconds_bucket{le=\"0.1\"} 1"))
        #expect(text.contains("latency_seconds_bucket{le=\"1.0\"} 2"))
        #expect(text.contains("latency_seconds_bucket{le=\"+Inf\"} 3"))
        #expect(text.contains("latency_seconds_count 3"))
        #expect(text.contains("# TYPE latency_seconds histogram"))
    }
}
