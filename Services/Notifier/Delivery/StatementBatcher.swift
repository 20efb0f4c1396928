import Synchronization

/// Gathers calls made at the same time into one database statement: while `maxInFlight` statements are
/// running, new calls wait and go together in the next one (at most `maxBatch` each). A call made when the
/// database is idle runs at once on its own, so batching adds no delay at low load and turns many round trips
/// into one at high load.
///
/// Each caller gets the result for its own input, or the statement's error. The statement runs in a task of
/// its own, so a caller that is cancelled still learns what happened to its write.
final class StatementBatcher<Input: Sendable, Output: Sendable>: Sendable {
    private struct Waiting: Sendable {
        var input: Input
        /// Nil for inputs whose caller does not wait.
        var continuation: CheckedContinuation<Output, any Error>?
    }

    private struct State: Sendable {
        var waiting: [Waiting] = []
        var running = 0
    }

    /// Runs one statement for the inputs and returns one output per input, in the same order.
    typealias Statement = @Sendable ([Input]) async throws -> [Output]

    private let state = Mutex(State())
    private let maxBatch: Int
    private let maxInFlight: Int
    private let statement: Statement

    /// - Parameters:
    ///   - maxBatch: inputs per statement at most (Default: 256).
    ///   - maxInFlight: statements running at once at most (Default: 4).
    init(maxBatch: Int = 256, maxInFlight: Int = 4, _ statement: @escaping Statement) {
        self.maxBatch = max(1, maxBatch)
        self.maxInFlight = max(1, maxInFlight)
        self.statement = statement
    }

    /// Runs `input` with whatever else is waiting and returns its output.
    func run(_ input: Input) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let startsRunner = state.withLock { state -> Bool in
                state.waiting.append(Waiting(input: input, continuation: continuation))
                guard state.running < maxInFlight else { return false }
                state.running += 1
                return true
            }
            if startsRunner { Task { await self.drain() } }
        }
    }

    /// Queues `input` for the next statement without waiting for it; its outcome is not reported.
    func submit(_ input: Input) {
        let startsRunner = state.withLock { state -> Bool in
            state.waiting.append(Waiting(input: input, continuation: nil))
            guard state.running < maxInFlight else { return false }
            state.running += 1
            return true
        }
        if startsRunner { Task { await self.drain() } }
    }

    /// Runs statements until nothing waits.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Waiting] in
                guard !state.waiting.isEmpty else {
                    state.running -= 1
                    return []
                }
                let taken = Array(state.waiting.prefix(maxBatch))
                state.waiting.removeFirst(taken.count)
                return taken
            }
            if batch.isEmpty { return }
            do {
                let outputs = try await statement(batch.map(\.input))
                guard outputs.count == batch.count else { throw BatchMismatch() }
                for (waiting, output) in zip(batch, outputs) { waiting.continuation?.resume(returning: output) }
            } catch {
                for waiting in batch { waiting.continuation?.resume(throwing: error) }
            }
        }
    }

    /// A statement returned a different number of outputs than it got inputs (a bug in the statement).
    struct BatchMismatch: Error {}
}
