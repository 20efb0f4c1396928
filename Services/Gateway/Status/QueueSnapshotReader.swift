import Foundation
import HordeCore
import Messages
import Redis
import Synchronization

/// Reads what the scheduler publishes about its queues (`QueueSnapshotKeys`): the per-model snapshot, kept in
/// memory for a second so a burst of `status/models` calls costs one Redis read, and a request's queue position.
/// Redis trouble reads as "no snapshot": these figures are estimates and never fail a request.
final class QueueSnapshotReader: Sendable {
    private let redis: RedisClient
    private let prefix: String
    private let logger: Logger
    private let memo = Mutex<(snapshot: QueueSnapshot?, readAt: ContinuousClock.Instant?)>((nil, nil))
    /// How long a snapshot read from Redis is reused.
    static let reuseFor: Duration = .seconds(1)

    /// A reader of the keys under `keyPrefix` (`HORDE_REDIS_PREFIX`).
    init(redis: RedisClient, keyPrefix: String, logger: Logger) {
        self.redis = redis
        self.prefix = keyPrefix
        self.logger = logger
    }

    /// The latest snapshot, or nil when the scheduler has not published one recently.
    func snapshot() async -> QueueSnapshot? {
        let now = ContinuousClock.now
        let cached = memo.withLock { $0 }
        if let readAt = cached.readAt, now - readAt < Self.reuseFor { return cached.snapshot }
        var snapshot: QueueSnapshot?
        do {
            if let bytes = try await redis.getBytes(QueueSnapshotKeys.snapshot(prefix: prefix)) {
                snapshot = try WireCoding.decoder().decode(QueueSnapshot.self, from: Data(bytes))
            }
        } catch {
            logger.debug("queue snapshot unavailable", ["error": "\(error)"])
        }
        memo.withLock { $0 = (snapshot, now) }
        return snapshot
    }

    /// The queue position and estimated wait (seconds) of a waiting request, or nil when it is not among the
    /// waiting requests the scheduler lists.
    func position(of id: UUID, kind: RequestKind) async -> (queuePosition: Int, waitTime: Int)? {
        do {
            guard let value = try await redis.hget(
                QueueSnapshotKeys.positions(prefix: prefix, kind: kind.rawValue), id.apiString)
            else { return nil }
            return QueueSnapshotKeys.decodePosition(value)
        } catch {
            logger.debug("queue position unavailable", ["error": "\(error)"])
            return nil
        }
    }
}
