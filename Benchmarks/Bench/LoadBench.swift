import Foundation
import HTTP
import HordeCore
import Synchronization

/// Requests per second from N keep-alive connections hammering one GET path (a fallback when wrk is missing).
struct LoadBench {
    let options: Options

    func run() async throws {
        let url = options.string("url", "http://127.0.0.1:7001") + options.string("path", "/api/v2/status/heartbeat")
        let connections = options.int("connections", 64)
        let seconds = options.int("seconds", 10)
        let client = HTTPClient(maxConnectionsPerHost: connections)
        let completed = Tally()
        let failed = Tally()
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        do {
                            let response = try await client.send(.GET, url)
                            if response.status == 200 { completed.add() }
                            else { failed.add() }
                        } catch {
                            failed.add()
                        }
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let total = completed.value
        print(String(format: "%d requests in %.1f s: %.0f req/s (%d failed)", total, elapsed, Double(total) / elapsed,
                     failed.value))
    }
}

/// A counter shared by the load tasks.
final class Tally: Sendable {
    private let count = Atomic<Int>(0)
    func add() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
