import Foundation
import Synchronization

/// A small in-process layer in front of the Redis status cache: a client polling `check` many times a second is
/// answered from memory, without a Redis round trip. Entries live `ttl` at most (the reference caches `check` for a
/// second anyway); the replica that sees an invalidation drops its entry at once, the others within `ttl`.
final class StatusMemoryCache: Sendable {
    private struct Entry {
        var body: [UInt8]
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// How long an entry is served from memory.
    let ttl: Duration
    /// Most entries kept; when full, expired entries are dropped (or everything, if none has expired).
    let capacity: Int
    /// Larger bodies (full statuses with images) are left to Redis, which bounds memory at capacity × this.
    let maxBodyBytes: Int

    /// A cache whose entries live `ttl`, holding at most `capacity` bodies of at most `maxBodyBytes`.
    init(ttl: Duration = .milliseconds(500), capacity: Int = 20_000, maxBodyBytes: Int = 16 * 1024) {
        self.ttl = ttl
        self.capacity = capacity
        self.maxBodyBytes = maxBodyBytes
    }

    /// The body under `key`, if present and fresh.
    func get(_ key: String) -> [UInt8]? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if entry.expires <= now {
                entries[key] = nil
                return nil
            }
            return entry.body
        }
    }

    /// Keeps `body` under `key` for `min(ttl, lifetime)`.
    func set(_ key: String, _ body: [UInt8], lifetime: Duration) {
        guard body.count <= maxBodyBytes else { return }
        let now = ContinuousClock.now
        let expires = now + min(ttl, lifetime)
        entries.withLock { entries in
            if entries.count >= capacity {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[key] = Entry(body: body, expires: expires)
        }
    }

    /// Drops the entries of `keys`.
    func remove(_ keys: [String]) {
        entries.withLock { entries in
            for key in keys { entries[key] = nil }
        }
    }
}
