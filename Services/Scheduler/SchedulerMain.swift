import Foundation
import HordeCore

/// `horde-scheduler`: owns the queue — waiting requests, jobs in flight, matching, batching, restarts and expiry.
@main
struct SchedulerMain {
    /// Starts the scheduler and runs it until SIGTERM/SIGINT; `bench-pops` runs the pop latency benchmark instead.
    static func main() async {
        if CommandLine.arguments.dropFirst().first == "bench-alchemy" { exit(await InterrogationBench.run()) }
        if CommandLine.arguments.dropFirst().first == "bench-pops" {
            await PopLatencyBench().run()
            exit(0)
        }
        let status: Int32
        do {
            let app = try await SchedulerApp.start()
            status = await app.runtime.run(app.services())
        } catch {
            Logger(label: "scheduler").critical("start-up failed", ["error": "\(error)"])
            status = 1
        }
        exit(status)
    }
}
