import Foundation
import HordeCore
import Synchronization

/// Answers parked pops when their wait ends, and releases every parked pop (empty) at shutdown. Sleeps until the
/// earliest wake-up, and is woken early whenever a pop is parked.
struct ParkingService: Service {
    /// The service's name in logs.
    let name = "parking"
    /// Holds the parked pops.
    let queue: SchedulerQueue
    /// Answers them.
    let dispatcher: PopDispatcher
    /// The longest sleep when no pop is parked.
    var idleWait: Duration = .seconds(1)

    /// Runs until graceful shutdown, then answers every parked pop empty.
    func run() async throws {
        let stopping = Atomic<Bool>(false)
        let signal = queue.parkingChanges
        await withGracefulShutdownHandler {
            while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                let timeout: Duration
                if let next = await queue.nextWake() {
                    let seconds = max(0, next.timeIntervalSinceNow)
                    timeout = .milliseconds(Int64((seconds * 1000).rounded(.up)))
                } else {
                    timeout = idleWait
                }
                if timeout > .zero { await signal.wait(timeout: timeout) }
                await dispatcher.wakeExpired()
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .releasing)
            signal.signal()
        }
        await dispatcher.releaseAllParked()
    }
}
