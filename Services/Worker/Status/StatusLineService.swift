import HordeCore

/// Logs the worker's status line (jobs done, kudos earned, speed) every `interval` until shutdown.
struct StatusLineService: Service {
    /// The service name in logs.
    let name = "status"
    /// The totals.
    let stats: WorkerStats
    /// Time between lines (Default: 60 s).
    let interval: Duration
    /// Where the line goes.
    let logger: Logger

    /// Logs until graceful shutdown, then one last line.
    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await gracefulShutdownTriggered() }
            group.addTask {
                while !Task.isCancelled {
                    do { try await Task.sleep(for: interval) } catch { return }
                    logger.info("worker status", stats.statusLine())
                }
            }
            await group.next()
            group.cancelAll()
        }
        logger.info("worker status", stats.statusLine())
    }
}
