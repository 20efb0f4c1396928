import Foundation

/// What every request consults, held in memory per replica and re-read every few seconds: the modes, the
/// compiled filters and the IP/CIDR blocks.
struct ModerationSnapshot: Sendable {
    /// The modes.
    var modes: HordeModeFlags
    /// The compiled filters.
    var filters: FilterSet
    /// Active IP/CIDR blocks.
    var blocks: [IPBlock]
    /// `moderation_state.filters_version` the filters were read at.
    var filtersVersion: Int64
    /// `moderation_state.timeouts_version` the blocks were read at.
    var timeoutsVersion: Int64

    /// Nothing configured (before the first read, or when the database cannot be read at start).
    static let empty = ModerationSnapshot(
        modes: HordeModeFlags(), filters: .empty, blocks: [], filtersVersion: -1, timeoutsVersion: -1)

    /// The block covering `address` that lasts longest, if any is still active at `now`.
    func block(covering address: String, at now: Date = Date()) -> IPBlock? {
        guard !blocks.isEmpty else { return nil }
        return blocks.filter { $0.expiresAt > now && $0.range.contains(address) }.max { $0.expiresAt < $1.expiresAt }
    }
}
