import Messages
import Synchronization

/// A process-local memo of balances (hundredths) in front of the ledger's Redis mirror: a hit costs a lock and a
/// dictionary lookup instead of a round trip, so hot balance reads stay far below a millisecond even on a busy
/// machine. Entries live `ttl` (the staleness it adds to the ledger's own lag); a process forgets an account as
/// soon as it publishes a movement of it, and the whole memo is dropped when it reaches `capacity`.
package final class BalanceMemo: Sendable {
    private struct Entry {
        var cents: Int64
        var expires: ContinuousClock.Instant
    }

    private let entries = Mutex<[AccountRef: Entry]>([:])
    /// How long an entry is served.
    package let ttl: Duration
    /// The most entries held.
    package let capacity: Int

    /// A memo serving entries for `ttl`, holding at most `capacity`.
    package init(ttl: Duration = .seconds(1), capacity: Int = 100_000) {
        self.ttl = ttl
        self.capacity = max(1, capacity)
    }

    /// The memoised balance of `account`, if fresh.
    package func get(_ account: AccountRef, now: ContinuousClock.Instant = .now) -> Int64? {
        entries.withLock { entries in
            guard let entry = entries[account] else { return nil }
            guard entry.expires > now else {
                entries[account] = nil
                return nil
            }
            return entry.cents
        }
    }

    /// Remembers `cents` as the balance of `account`.
    package func put(_ account: AccountRef, cents: Int64, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count >= capacity, entries[account] == nil { entries.removeAll(keepingCapacity: true) }
            entries[account] = Entry(cents: cents, expires: now + ttl)
        }
    }

    /// Drops `accounts` (after this process published a movement of them).
    package func forget(_ accounts: AccountRef...) {
        entries.withLock { entries in
            for account in accounts { entries[account] = nil }
        }
    }
}
