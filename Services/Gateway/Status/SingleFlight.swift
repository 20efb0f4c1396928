import Synchronization

/// Runs one operation per key at a time: callers asking for a key whose operation is under way wait for its result
/// instead of starting their own. When a cached status expires while many clients poll it, one of them rebuilds it
/// and the rest share the answer, rather than all of them querying PostgreSQL at once.
final class SingleFlight<Value: Sendable>: Sendable {
    private let running = Mutex<[String: Task<Value, any Error>]>([:])

    /// A group with nothing under way.
    init() {}

    /// The result of `operation` for `key`, shared with every caller that asks while it runs.
    func run(_ key: String, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let task = running.withLock { running -> Task<Value, any Error> in
            if let task = running[key] { return task }
            let task = Task { try await operation() }
            running[key] = task
            return task
        }
        defer { running.withLock { running in if running[key] == task { running[key] = nil } } }
        return try await task.value
    }
}
