import HordeCore
import Messages

/// One pop → generate → submit loop for one lane. A worker runs `threads` of these per lane.
///
/// Stopping: no pop starts after `stop` was signalled; a pop already in flight is awaited and any job it brings
/// is given back; a job being generated gets the grace period to finish and is given back if it cannot.
struct LaneLoop: Sendable {
    /// The kind and name this loop works for.
    let lane: WorkerLane
    /// Where jobs come from.
    let source: any JobSource
    /// Generates and submits.
    let executor: JobExecutor
    /// Set when the worker shuts down.
    let stop: StopSignal
    /// Logger with the worker name and thread.
    let logger: Logger
    /// Pacing after failed pops.
    var errorBackoff = Backoff()
    /// Pacing after failed generations: a backend that is down is not fed one job after another, each of which
    /// it would fault (Default: the same curve as pops).
    var backendBackoff = Backoff()
    /// Told about every pop, for readiness.
    var health: PopHealth?
    /// The lane's backend health check; while it fails the lane does not pop (nil: always up).
    var probe: (@Sendable () async -> Bool)?
    /// Totals for the status line.
    var stats: WorkerStats?

    private static let metrics = MetricsRegistry.shared

    /// Pops and runs jobs until stopped.
    func run() async {
        var backoff = errorBackoff
        var backendPause = backendBackoff
        await BackendGate.waitUntilUp(probe, stop: stop, backoff: backendBackoff, logger: logger)
        while !stop.isStopped, !Task.isCancelled {
            let result: PopResult
            if let stray = source.takeStrayJob(kind: lane.kind) {
                result = .job(stray)
            } else {
                do {
                    result = try await source.pop(for: lane)
                    backoff.reset()
                    health?.recordSuccess()
                } catch {
                    health?.recordFailure()
                    count("error")
                    let delay = backoff.nextDelay()
                    logger.notice("pop failed; backing off", ["error": "\(error)", "delay_ms": "\(delay.milliseconds)"])
                    await stop.sleep(for: delay)
                    continue
                }
            }
            switch result {
            case .idle(let skipped):
                count("idle")
                if !skipped.isEmpty { logger.debug("no job", ["skipped": "\(skipped)"]) }
                await stop.sleep(for: source.idleDelay)
            case .job(let job):
                count("job")
                if stop.isStopped {
                    await executor.giveBack(job, reason: "shutting down")
                } else if await process(job) {
                    backendPause.reset()
                } else if !stop.isStopped {
                    let delay = backendPause.nextDelay()
                    logger.notice("backend failed; pausing pops", ["delay_ms": "\(delay.milliseconds)"])
                    await stop.sleep(for: delay)
                    await BackendGate.waitUntilUp(probe, stop: stop, backoff: backendBackoff, logger: logger)
                }
            }
        }
    }

    /// Generates (racing the shutdown grace period) and delivers one pop's jobs; false when the backend failed
    /// and the jobs were given back.
    @discardableResult
    func process(_ job: WorkerJob) async -> Bool {
        let log = logger.with("job.id", job.jobIds.first ?? "")
        log.info("job started", ["kind": job.kind.rawValue, "model": job.model, "jobs": "\(job.jobIds.count)"])
        let executor = self.executor
        let stop = self.stop
        let started = ContinuousClock.now
        let race = await stop.race { try await executor.generate(job) }
        switch race {
        case .finished(let result):
            let deliveries = await executor.deliver(job, result)
            let rewards = deliveries.compactMap { if case .delivered(let reward) = $0 { reward } else { nil } }
            log.info("job delivered", ["delivered": "\(rewards.count)/\(deliveries.count)", "reward": "\(rewards.reduce(0, +))"])
            stats?.delivered(
                job.kind.rawValue, jobs: rewards.count, kudos: rewards.reduce(0, +), work: Self.work(job, result),
                busy: ContinuousClock.now - started)
            if rewards.count < deliveries.count { stats?.failed(job.kind.rawValue, jobs: deliveries.count - rewards.count) }
            return true
        case .failed(let reason):
            Self.metrics.counter(
                "horde_worker_backend_failures_total", help: "Generations that failed in the backend",
                labels: ["kind": lane.kind.rawValue]
            ).increment()
            await executor.giveBack(job, reason: "generation failed: \(reason)")
            stats?.failed(job.kind.rawValue, jobs: job.jobIds.count)
            return false
        case .graceExpired:
            await executor.giveBack(job, reason: "shutdown grace period over")
            return true
        }
    }

    /// Megapixel-steps of the images, or the tokens asked for the texts: the units of the status line's speed.
    static func work(_ job: WorkerJob, _ result: GenerationResult) -> Double {
        switch result {
        case .images(let images):
            let steps = Double(ImageJobParameters(payload: job.payload, fallbackSeed: 0).steps)
            return images.reduce(0) { $0 + Double($1.width * $1.height) * steps / 1_000_000 }
        case .texts(let texts):
            return Double(TextJobParameters(payload: job.payload, fallbackSeed: 0).maxLength * texts.count)
        }
    }

    private func count(_ result: String) {
        Self.metrics.counter(
            "horde_worker_pops_total", help: "Pops by result", labels: ["kind": lane.kind.rawValue, "result": result]
        ).increment()
    }
}
