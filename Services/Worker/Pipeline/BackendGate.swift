import HordeCore

/// Keeps a lane from popping while its backend is down: the backend's health probe is retried with back-off
/// until it answers, so jobs are not taken only to be faulted.
enum BackendGate {
    private static let metrics = MetricsRegistry.shared

    /// Returns once `probe` succeeds (at once without a probe), or when stopping begins.
    static func waitUntilUp(
        _ probe: (@Sendable () async -> Bool)?, stop: StopSignal, backoff: Backoff, logger: Logger
    ) async {
        guard let probe else { return }
        var backoff = backoff
        var reported = false
        let down = metrics.gauge("horde_worker_backend_down", help: "1 while a lane waits for its backend to come back")
        while !stop.isStopped, !Task.isCancelled {
            if await probe() {
                if reported { logger.notice("backend is back; resuming pops") }
                down.set(0)
                return
            }
            down.set(1)
            let delay = backoff.nextDelay()
            if !reported {
                logger.warning("backend is down; pausing pops", ["retry_ms": "\(delay.milliseconds)"])
                reported = true
            }
            await stop.sleep(for: delay)
        }
    }

    /// After a failed job: a short pause, then (for backends with a probe) wait until the backend answers.
    static func pauseAfterFailure(
        _ probe: (@Sendable () async -> Bool)?, stop: StopSignal, backoff: Backoff, logger: Logger
    ) async {
        var first = backoff
        let delay = first.nextDelay()
        logger.notice("backend failed; pausing pops", ["delay_ms": "\(delay.milliseconds)"])
        await stop.sleep(for: delay)
        await waitUntilUp(probe, stop: stop, backoff: backoff, logger: logger)
    }
}
