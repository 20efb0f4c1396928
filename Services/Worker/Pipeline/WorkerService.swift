import HordeCore
import Messages

/// The worker's job pipeline as a service: `threads` loops per lane until graceful shutdown, then the jobs in
/// hand finish (or are given back) before `run` returns.
struct WorkerService: Service {
    /// The service name in logs.
    let name = "worker"
    /// The lanes, once known: in-cluster mode must first learn the key's owner from the gateway.
    let lanes: @Sendable (StopSignal) async throws -> [WorkerLane]
    /// Loops per lane.
    let threads: Int
    /// Where jobs come from.
    let source: any JobSource
    /// Generates and submits.
    let executor: JobExecutor
    /// Time a job in hand gets to finish once shutdown began (Default: 20 s, inside the 25 s group budget).
    let shutdownGrace: Duration
    /// Error back-off cap for pops.
    var maxBackoff: Duration = .seconds(30)
    /// Readiness of the pop path.
    let health: PopHealth
    /// The worker's logger.
    let logger: Logger
    /// Each lane's backend health check (nil: backends are always up).
    var probe: (@Sendable (WorkerLane) async -> Bool)? = nil
    /// Totals for the status line.
    var stats: WorkerStats? = nil
    /// Set when graceful shutdown begins.
    let stop = StopSignal()

    /// Runs the lanes until graceful shutdown, then drains.
    func run() async throws {
        let stop = self.stop
        let grace = shutdownGrace
        let lanes = self.lanes
        try await withThrowingTaskGroup(of: [WorkerLane]?.self) { group in
            group.addTask {
                await gracefulShutdownTriggered()
                stop.stop(grace: grace)
                return nil
            }
            group.addTask { try await lanes(stop) }
            // Either the lanes are known (run them) or shutdown came first (nothing was popped: just leave).
            var found: [WorkerLane]?
            while found == nil, !stop.isStopped, let next = try await group.next() {
                found = next
            }
            if let found { try await runLanes(found, group: &group) }
            group.cancelAll()
        }
        logger.info("worker stopped")
    }

    private func runLanes(_ lanes: [WorkerLane], group: inout ThrowingTaskGroup<[WorkerLane]?, any Error>) async throws {
        logger.info("worker running", ["workers": lanes.map(\.name).joined(separator: ","), "threads": "\(threads)"])
        var running = 0
        for lane in lanes {
            for thread in 0..<max(1, threads) {
                var laneProbe: (@Sendable () async -> Bool)?
                if let probe { laneProbe = { await probe(lane) } }
                let loop = LaneLoop(
                    lane: lane, source: source, executor: executor, stop: stop,
                    logger: logger.with("worker.name", lane.name).with("thread", "\(thread)"),
                    errorBackoff: Backoff(initial: .seconds(1), maximum: maxBackoff),
                    backendBackoff: Backoff(initial: .seconds(1), maximum: maxBackoff), health: health,
                    probe: laneProbe, stats: stats)
                group.addTask {
                    await loop.run()
                    return []
                }
                running += 1
            }
        }
        // Lanes return (with an empty list) only after stop; the shutdown watcher returns nil.
        while running > 0, let result = try await group.next() {
            if result != nil { running -= 1 }
        }
        // Jobs that arrived for pops nobody waits on any more would otherwise sit until their TTL.
        for lane in lanes {
            while let stray = source.takeStrayJob(kind: lane.kind) {
                await executor.giveBack(stray, reason: "shutting down")
            }
        }
    }
}
