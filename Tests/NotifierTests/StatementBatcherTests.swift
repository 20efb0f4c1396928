import Synchronization
import Testing

@testable import Notifier

@Suite("Statement batching")
struct StatementBatcherTests {
    private final class Calls: Sendable {
        let batches = Mutex<[[Int]]>([])
    }

    @Test func callsMadeTogetherShareStatementsAndGetTheirOwnResults() async throws {
        let calls = Calls()
        let batcher = StatementBatcher<Int, Int>(maxBatch: 50, maxInFlight: 2) { inputs in
            calls.batches.withLock { $0.append(inputs) }
            try await Task.sleep(for: .milliseconds(20))
            return inputs.map { $0 * 10 }
        }
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for value in 0..<200 { group.addTask { (value, try await batcher.run(value)) } }
            return try await group.reduce(into: [Int: Int]()) { $0[$1.0] = $1.1 }
        }
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.value == $0.key * 10 })
        let batches = calls.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<200), "every input runs exactly once")
        #expect(batches.allSatisfy { $0.count <= 50 })
        #expect(batches.count < 20, "200 calls took \(batches.count) statements")
    }

    @Test func aLoneCallRunsAtOnce() async throws {
        let batcher = StatementBatcher<String, Int> { inputs in inputs.map(\.count) }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(try await batcher.run("four") == 4)
        #expect(clock.now - started < .seconds(1))
    }

    @Test func aFailedStatementFailsEveryCallInItAndTheNextStatementRunsAgain() async throws {
        struct Broken: Error {}
        let failNext = Mutex(true)
        let batcher = StatementBatcher<Int, Int>(maxInFlight: 1) { inputs in
            if failNext.withLock({ flag in defer { flag = false }; return flag }) { throw Broken() }
            return inputs
        }
        await #expect(throws: Broken.self) { _ = try await batcher.run(1) }
        #expect(try await batcher.run(2) == 2)
    }

    @Test func submittedInputsRunWithoutAWaitingCaller() async throws {
        let seen = Mutex<[Int]>([])
        let batcher = StatementBatcher<Int, Void> { inputs in
            seen.withLock { $0 += inputs }
            return inputs.map { _ in () }
        }
        for value in 0..<10 { batcher.submit(value) }
        for _ in 0..<200 where seen.withLock({ $0.count }) < 10 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(seen.withLock { $0.sorted() } == Array(0..<10))
    }
}
