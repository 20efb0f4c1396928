import Synchronization

/// This replica's key lookups of the last second, in front of the Redis cache: the hot paths (pop, submit,
/// async) present the same few keys many times a second, and each Redis round trip costs a thread hop and a JSON
/// decode. Explicit invalidation clears an entry here at once; another replica may answer from its copy for up
/// to `lifetime` after a change, as balances already do.
final class RecentLookups: Sendable {
    private struct Entry: Sendable {
        var user: AuthenticatedUser?
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let lifetime: Duration
    private let capacity: Int

    /// Entries live `lifetime`; past `capacity` entries the table starts over (a flood of made-up keys cannot
    /// grow it).
    init(lifetime: Duration = .seconds(1), capacity: Int = 20_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The lookup of `key` when one is fresh: `.some(nil)` is a remembered "no such key".
    func get(_ key: String) -> AuthenticatedUser?? {
        let now = ContinuousClock.now
        return entries.withLock { table -> AuthenticatedUser?? in
            guard let entry = table[key], entry.expires > now else { return .none }
            return .some(entry.user)
        }
    }

    /// Remembers the lookup of `key`.
    func set(_ key: String, _ user: AuthenticatedUser?) {
        let entry = Entry(user: user, expires: ContinuousClock.now + lifetime)
        entries.withLock { table in
            if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            table[key] = entry
        }
    }

    /// Forgets `key` (its user or key changed).
    func remove(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
