import Foundation
import HordeCore
import Synchronization

/// This replica's copy of the moderation snapshot. Requests read it without waiting: when it is older than the
/// refresh interval one background read brings it up to date (the modes on every read; filters and blocks only
/// when their version in the database moved), so a change made on any replica reaches all within about one
/// interval, and the replica that made it reloads at once.
final class ModerationState: Sendable {
    private struct Box {
        var snapshot: ModerationSnapshot?
        var loadedAt: ContinuousClock.Instant?
        var refreshing = false
    }

    private let store: ModerationStore
    private let interval: Duration
    private let logger: Logger
    private let box = Mutex(Box())

    /// A state read through `store`, refreshed every `interval`.
    init(store: ModerationStore, interval: Duration, logger: Logger) {
        self.store = store
        self.interval = interval
        self.logger = logger
    }

    /// The current snapshot; the first call waits for the first read.
    func current() async -> ModerationSnapshot {
        let now = ContinuousClock.now
        let (snapshot, stale) = box.withLock { box -> (ModerationSnapshot?, Bool) in
            guard let snapshot = box.snapshot, let loadedAt = box.loadedAt else { return (nil, false) }
            let stale = now - loadedAt >= interval && !box.refreshing
            if stale { box.refreshing = true }
            return (snapshot, stale)
        }
        guard let snapshot else { return await refresh() }
        if stale { Task { await self.refresh() } }
        return snapshot
    }

    /// Reads what changed since the last read and returns the new snapshot; on a database error keeps the old one
    /// (or the empty one at start) and tries again after the next interval.
    @discardableResult
    func refresh() async -> ModerationSnapshot {
        let previous = box.withLock { $0.snapshot } ?? .empty
        var next = previous
        do {
            let (modes, filtersVersion, timeoutsVersion) = try await store.state()
            next.modes = modes
            if filtersVersion != previous.filtersVersion {
                next.filters = FilterSet(filters: try await store.filters())
                next.filtersVersion = filtersVersion
            }
            if timeoutsVersion != previous.timeoutsVersion || previous.blocks.contains(where: { $0.expiresAt <= Date() }) {
                next.blocks = try await store.blocks()
                next.timeoutsVersion = timeoutsVersion
            }
        } catch {
            logger.warning("moderation state not refreshed", ["error": String(describing: error)])
        }
        let stored = next
        box.withLock { box in
            box.snapshot = stored
            box.loadedAt = ContinuousClock.now
            box.refreshing = false
        }
        return stored
    }
}
