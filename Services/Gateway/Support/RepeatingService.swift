import HordeCore

/// Background chores of a gateway replica (pruning, deleting what expired): `work` runs every `interval` until
/// graceful shutdown; a failed round is logged and the next one tries again.
enum RepeatingService {
    /// The service; `startNow` runs the first round at start instead of one interval later.
    static func make(
        name: String, every interval: Duration, startNow: Bool, logger: Logger, failure: String,
        _ work: @escaping @Sendable () async throws -> Void
    ) -> ClosureService {
        ClosureService(name: name) {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await gracefulShutdownTriggered() }
                group.addTask {
                    if !startNow {
                        do { try await Task.sleep(for: interval) } catch { return }
                    }
                    while !Task.isCancelled {
                        do {
                            try await work()
                        } catch is CancellationError {
                            return
                        } catch {
                            logger.warning(failure, ["error": "\(error)"])
                        }
                        do { try await Task.sleep(for: interval) } catch { return }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
