import HordeCore

/// Finds who owns the worker's API key (`GET /api/v2/find_user`), waiting for the gateway if it is not up yet.
struct OwnerLookup: Sendable {
    /// The gateway client.
    let api: HordeAPIClient
    /// Logger for the lookup.
    let logger: Logger
    /// Pacing while the gateway is unreachable.
    var backoff = Backoff(initial: .seconds(1), maximum: .seconds(15))

    /// Why the worker cannot run under this key.
    struct Refused: Error, CustomStringConvertible {
        /// What the gateway said.
        var reason: String
        /// For logs.
        var description: String { "the gateway refused the worker's API key: \(reason)" }
    }

    /// The owner; throws `Refused` when the key is rejected (retrying cannot help) or when cancelled.
    func owner(stop: StopSignal) async throws -> UserDetailsBody {
        var backoff = self.backoff
        while true {
            try Task.checkCancellation()
            if stop.isStopped { throw CancellationError() }
            do {
                let user = try await api.findUser()
                guard user.id != 0 else { throw Refused(reason: "the anonymous account cannot run workers") }
                logger.info("worker owner found", ["user.id": "\(user.id)", "user.name": user.username])
                return user
            } catch let error as HordeAPIError where !error.isRetriable {
                throw Refused(reason: error.description)
            } catch let error as Refused {
                throw error
            } catch {
                let delay = backoff.nextDelay()
                logger.notice("gateway not reachable yet", ["error": "\(error)", "delay_ms": "\(delay.milliseconds)"])
                await stop.sleep(for: delay)
            }
        }
    }
}
