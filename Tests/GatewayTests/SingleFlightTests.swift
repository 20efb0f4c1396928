import Synchronization
import Testing

@testable import Gateway

@Suite("Single flight")
struct SingleFlightTests {
    /// Counts runs across tasks.
    final class Counter: Sendable {
        /// The count.
        let value = Atomic<Int>(0)
    }

    @Test func concurrentCallersShareOneRun() async throws {
        let flights = SingleFlight<Int>()
        let runs = Counter()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await flights.run("key") {
                        runs.value.add(1, ordering: .relaxed)
                        try await Task.sleep(for: .milliseconds(200))
                        return 42
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results == Array(repeating: 42, count: 20))
        #expect(runs.value.load(ordering: .relaxed) == 1)
        // Once finished, the next call runs again.
        #expect(try await flights.run("key") { 7 } == 7)
    }

    @Test func failuresReachEveryWaiterAndAreNotKept() async {
        struct Boom: Error {}
        let flights = SingleFlight<Int>()
        await #expect(throws: Boom.self) { try await flights.run("k") { throw Boom() } }
        #expect((try? await flights.run("k") { 1 }) == 1)
    }
}
