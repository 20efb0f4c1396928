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
        let completed = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    while ContinuousClock.now < deadline {
                        do {
                            let response = try await client.send(.GET, url)
                            if response.status == 200 { completed.add(1, ordering: .relaxed) }
                            else { failed.add(1, ordering: .relaxed) }
                        } catch {
                            failed.add(1, ordering: .relaxed)
                        }
                    }
                }
            }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let total = completed.load(ordering: .relaxed)
        print(String(format: "%d requests in %.1f s: %.0f req/s (%d failed)", total, elapsed, Double(total) / elapsed,
                     failed.load(ordering: .relaxed)))
    }
}
