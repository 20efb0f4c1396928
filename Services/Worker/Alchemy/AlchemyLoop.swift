import Foundation
import HordeCore
import Messages

/// One pop → run → submit loop for interrogation forms over HTTP (`/api/v2/interrogate/pop` and `/submit`).
///
/// A source image that cannot be fetched, or a backend that fails, makes the form `faulted` so the horde hands it
/// to another worker; after a backend failure the loop waits until the backend answers its health probe again.
/// Stopping works as for generations: no pop after `stop`, a form in hand gets the grace period.
struct AlchemyLoop: Sendable {
    /// The pop body (name, forms, amount, max_tiles, bridge agent).
    let popBody: InterrogationPopRequestBody
    /// Runs the forms.
    let backend: any AlchemyBackend
    /// The gateway.
    let api: HordeAPIClient
    /// Set when the worker shuts down.
    let stop: StopSignal
    /// Logger with the worker name.
    let logger: Logger
    /// Pause after an empty pop (Default: 1 s).
    var idleDelay: Duration = .seconds(1)
    /// Pacing after failed pops and failed forms.
    var backoff = Backoff()
    /// Whether the backend is up; nil for backends without a probe.
    var probe: (@Sendable () async -> Bool)?
    /// Totals for the status line.
    var stats: WorkerStats?
    /// Told about every pop, for readiness.
    var health: PopHealth?
    /// Submit attempts per form (Default: 3).
    var submitAttempts = 3

    private static let metrics = MetricsRegistry.shared

    /// Pops and runs forms until stopped.
    func run() async {
        var popBackoff = backoff
        await BackendGate.waitUntilUp(probe, stop: stop, backoff: backoff, logger: logger)
        while !stop.isStopped, !Task.isCancelled {
            let popped: InterrogationPopResponseBody
            do {
                popped = try await api.interrogatePop(popBody)
                popBackoff.reset()
                health?.recordSuccess()
            } catch {
                health?.recordFailure()
                count("error")
                let delay = popBackoff.nextDelay()
                logger.notice("interrogation pop failed; backing off", ["error": "\(error)", "delay_ms": "\(delay.milliseconds)"])
                await stop.sleep(for: delay)
                continue
            }
            guard !popped.forms.isEmpty else {
                count("idle")
                await stop.sleep(for: idleDelay)
                continue
            }
            count("job")
            var backendFailed = false
            for form in popped.forms {
                if stop.isStopped {
                    await submit(form, result: [:], state: "faulted")
                } else if await !process(form) {
                    backendFailed = true
                }
            }
            if backendFailed, !stop.isStopped {
                await BackendGate.pauseAfterFailure(probe, stop: stop, backoff: backoff, logger: logger)
            }
        }
    }

    /// Fetches the source, runs the form and delivers it; false when the backend failed.
    @discardableResult
    func process(_ form: InterrogationPopResponseBody.Form) async -> Bool {
        let started = ContinuousClock.now
        let log = logger.with("form.id", form.id)
        let source: [UInt8]
        do {
            source = try await api.download(form.sourceImage)
        } catch {
            log.notice("source image unavailable; giving the form back", ["error": "\(error)"])
            await submit(form, result: [:], state: "faulted")
            return true
        }
        let backend = self.backend
        let race = await stop.race { try await backend.run(form: form.form, image: source, payload: form.payload) }
        switch race {
        case .finished(let outcome):
            let result: JSONValue
            switch outcome {
            case .result(let value): result = value
            case .image(let bytes): result = [form.form: .string(await store(bytes, form: form, log: log))]
            }
            if let reward = await submit(form, result: result, state: "ok") {
                stats?.delivered("alchemy", jobs: 1, kudos: reward, work: 1, busy: ContinuousClock.now - started)
            }
            return true
        case .failed(let reason):
            Self.metrics.counter(
                "horde_worker_backend_failures_total", help: "Generations that failed in the backend",
                labels: ["kind": "alchemy"]
            ).increment()
            log.notice("form failed; giving it back", ["form": form.form, "reason": reason])
            await submit(form, result: [:], state: "faulted")
            return false
        case .graceExpired:
            await submit(form, result: [:], state: "faulted")
            return true
        }
    }

    /// Uploads a post-processed image to the form's presigned URL ("R2"), or returns it as base64.
    private func store(_ image: [UInt8], form: InterrogationPopResponseBody.Form, log: Logger) async -> String {
        if let url = form.r2Upload, !url.isEmpty {
            do {
                try await api.upload(image, to: url, contentType: "image/png")
                return "R2"
            } catch {
                log.notice("upload to presigned URL failed; sending inline", ["error": "\(error)"])
            }
        }
        return Data(image).base64EncodedString()
    }

    /// Submits one form; the reward, or nil when it was not accepted.
    @discardableResult
    private func submit(_ form: InterrogationPopResponseBody.Form, result: JSONValue, state: String) async -> Double? {
        var delay = Duration.seconds(1)
        for attempt in 1...max(1, submitAttempts) {
            do {
                let response = try await api.interrogateSubmit(id: form.id, result: result, state: state)
                Self.metrics.counter(
                    "horde_worker_jobs_total", help: "Jobs finished by this worker, by outcome",
                    labels: ["kind": "alchemy", "outcome": state == "faulted" ? "given_back" : "delivered"]
                ).increment()
                if state == "faulted" { stats?.failed("alchemy", jobs: 1) }
                return response.reward
            } catch let error as HordeAPIError where error.isRetriable && attempt < submitAttempts {
                logger.info("form submit failed; retrying", ["form.id": form.id, "error": error.description])
            } catch {
                logger.warning("form submit failed", ["form.id": form.id, "state": state, "error": "\(error)"])
                break
            }
            await stop.sleep(for: delay)
            delay = delay * 2
        }
        stats?.failed("alchemy", jobs: 1)
        return nil
    }

    private func count(_ result: String) {
        Self.metrics.counter(
            "horde_worker_pops_total", help: "Pops by result", labels: ["kind": "alchemy", "result": result]
        ).increment()
    }
}
