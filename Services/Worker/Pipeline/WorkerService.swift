import HordeCore
import Messages

/// The worker's job pipeline as a service: `threads` loops per lane until graceful shutdown, then the jobs in
/// hand finish (or are given back) before `run` returns.
struct WorkerService: Service {
    let name = "worker"
    let lanes: [WorkerLane]
    let threads: Int
    let source: any JobSource
    let executor: JobExecutor
    /// Time a job in hand gets to finish once shutdown began (Default: 20 s, inside the 25 s group budget).
    let shutdownGrace: Duration
    let logger: Logger
    let stop = StopSignal()

    func run() async throws {
        await withTaskGroup(of: Bool.self) { group in
            for lane in lanes {
                for thread in 0..<max(1, threads) {
                    let loop = LaneLoop(
                        lane: lane, source: source, executor: executor, stop: stop,
                        logger: logger.with("worker.name", lane.name).with("thread", "\(thread)"))
                    group.addTask {
                        await loop.run()
                        return true
                    }
                }
            }
            let stop = self.stop
            let grace = shutdownGrace
            group.addTask {
                await gracefulShutdownTriggered()
                stop.stop(grace: grace)
                return false
            }
            // The lanes end only after stop; then release the shutdown watcher.
            var running = lanes.count * max(1, threads)
            while running > 0, let isLane = await group.next() {
                if isLane { running -= 1 }
            }
            group.cancelAll()
        }
        // Jobs that arrived for pops nobody waits on any more would otherwise sit until their TTL.
        for lane in lanes {
            while let stray = source.takeStrayJob(kind: lane.kind) {
                await executor.giveBack(stray, reason: "shutting down")
            }
        }
        logger.info("worker stopped")
    }
}
