import HordeCore

/// The interrogation side of the worker as a service: `threads` alchemy loops until graceful shutdown, then the
/// forms in hand finish (or are given back) before `run` returns.
struct AlchemyService: Service {
    /// The service name in logs.
    let name = "alchemy"
    /// Loops run at once.
    let threads: Int
    /// Builds one loop on the shared stop signal.
    let makeLoop: @Sendable (StopSignal, Int) -> AlchemyLoop
    /// Time a form in hand gets to finish once shutdown began.
    let shutdownGrace: Duration
    /// The service's logger.
    let logger: Logger

    /// Runs the loops until graceful shutdown, then drains.
    func run() async throws {
        let stop = StopSignal()
        let grace = shutdownGrace
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await gracefulShutdownTriggered()
                stop.stop(grace: grace)
            }
            for thread in 0..<max(1, threads) {
                let loop = makeLoop(stop, thread)
                group.addTask { await loop.run() }
            }
            await group.waitForAll()
        }
        logger.info("alchemy stopped")
    }
}
