import Foundation

/// Runs services side by side and shuts them down gracefully, in reverse start order, on SIGTERM/SIGINT.
///
/// Shutdown order: the first signal triggers graceful shutdown of the last service, waits for it to return, then
/// the one before, and so on (like swift-service-lifecycle's `ServiceGroup`). Past `gracefulShutdownTimeout` the
/// remaining services are cancelled; a second signal cancels at once. If any service throws, or returns while the
/// group is not shutting down, the whole group shuts down and `run()` rethrows the first error.
package struct ServiceGroup: Sendable {
    private let services: [any Service]
    private let logger: Logger
    private let signals: [Int32]
    private let gracefulShutdownTimeout: Duration
    private let trigger: GracefulShutdownManager

    /// - Parameters:
    ///   - signals: Default: SIGTERM and SIGINT.
    ///   - gracefulShutdownTimeout: Default: 25 s, below Kubernetes' default grace period of 30 s.
    package init(
        services: [any Service], logger: Logger, signals: [Int32] = [SIGTERM, SIGINT],
        gracefulShutdownTimeout: Duration = .seconds(25)
    ) {
        self.services = services
        self.logger = logger
        self.signals = signals
        self.gracefulShutdownTimeout = gracefulShutdownTimeout
        self.trigger = GracefulShutdownManager()
    }

    /// Runs the group and turns its outcome into a process exit status (0 clean, 1 if a service failed), logging
    /// the failure.
    package func runToExitStatus() async -> Int32 {
        do {
            try await run()
            return 0
        } catch {
            logger.error("stopped with an error", ["error": "\(error)"])
            return 1
        }
    }

    /// Begins graceful shutdown from code (tests, fatal conditions).
    package func triggerGracefulShutdown() { trigger.trigger() }

    private enum Outcome: Sendable {
        case serviceFinished(index: Int, error: (any Error)?)
        case signal(Int32)
        case shutdownRequested
        case timeout
    }

    package func run() async throws {
        let managers = services.map { _ in GracefulShutdownManager() }
        var firstError: (any Error)?
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            for (index, service) in services.enumerated() {
                let manager = managers[index]
                group.addTask {
                    do {
                        try await GracefulShutdownManager.$current.withValue(manager) { try await service.run() }
                        return .serviceFinished(index: index, error: nil)
                    } catch {
                        return .serviceFinished(index: index, error: error)
                    }
                }
            }
            let signals = self.signals
            group.addTask {
                for await signo in UnixSignals(signals) { return .signal(signo) }
                return .signal(0)
            }
            let trigger = self.trigger
            group.addTask {
                await trigger.wait()
                return .shutdownRequested
            }

            var running = Set(services.indices)
            var shuttingDown = false
            var nextToStop = services.count - 1
            var timeoutArmed = false

            func stopNext() {
                // Stop services one at a time from the last started; wait for each before the next.
                while nextToStop >= 0 {
                    let index = nextToStop
                    nextToStop -= 1
                    if running.contains(index) {
                        logger.info("stopping service", ["service": services[index].name])
                        managers[index].trigger()
                        return
                    }
                }
            }

            func beginShutdown(reason: String) {
                guard !shuttingDown else { return }
                shuttingDown = true
                logger.info("graceful shutdown started", ["reason": reason])
                if !timeoutArmed {
                    timeoutArmed = true
                    let timeout = gracefulShutdownTimeout
                    group.addTask {
                        try? await Task.sleep(for: timeout)
                        return .timeout
                    }
                }
                stopNext()
            }

            while let outcome = try await group.next() {
                switch outcome {
                case .serviceFinished(let index, let error):
                    running.remove(index)
                    if let error {
                        if firstError == nil, !(error is CancellationError) { firstError = error }
                        logger.error("service failed", ["service": services[index].name, "error": "\(error)"])
                    } else if !shuttingDown {
                        logger.notice("service returned early", ["service": services[index].name])
                    }
                    if !shuttingDown { beginShutdown(reason: "service \(services[index].name) stopped") }
                    else { stopNext() }
                    if running.isEmpty {
                        // Release the helper tasks (the trigger waiter is not cancellable) and leave.
                        trigger.trigger()
                        group.cancelAll()
                        return
                    }
                case .signal(let signo):
                    if shuttingDown {
                        logger.notice("second signal: cancelling", ["signal": "\(signo)"])
                        group.cancelAll()
                    } else {
                        beginShutdown(reason: "signal \(signo)")
                        // Keep listening for a second signal.
                        let signals = self.signals
                        group.addTask {
                            for await signo in UnixSignals(signals) { return .signal(signo) }
                            return .signal(0)
                        }
                    }
                case .shutdownRequested:
                    beginShutdown(reason: "requested")
                case .timeout:
                    if !running.isEmpty {
                        logger.notice("graceful shutdown timed out: cancelling", ["services": "\(running.count)"])
                        group.cancelAll()
                    }
                }
            }
        }
        if let firstError { throw firstError }
    }
}
