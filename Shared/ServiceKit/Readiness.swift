import Synchronization

/// The dependencies `/readyz` checks, and whether the process is draining.
package final class Readiness: Sendable {
    private struct State {
        var checks: [(String, @Sendable () async -> Bool)] = []
        var draining = false
    }
    private let state = Mutex(State())

    package init() {}

    /// Adds a named check (e.g. `postgres` runs `SELECT 1`); it should answer within a second.
    package func register(_ name: String, _ check: @escaping @Sendable () async -> Bool) {
        state.withLock { $0.checks.append((name, check)) }
    }

    /// From now on `/readyz` answers 503, so load balancers stop sending new work.
    package func startDraining() { state.withLock { $0.draining = true } }

    /// Runs every check concurrently; ready when all pass and the process is not draining.
    package func evaluate() async -> (ready: Bool, results: [String: Bool]) {
        let (checks, draining) = state.withLock { ($0.checks, $0.draining) }
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for (name, check) in checks { group.addTask { (name, await check()) } }
            var results: [String: Bool] = [:]
            for await (name, ok) in group { results[name] = ok }
            return results
        }
        return (!draining && results.values.allSatisfy { $0 }, results)
    }
}
