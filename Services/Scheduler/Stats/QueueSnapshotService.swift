import Foundation
import HordeCore
import Messages
import Redis
import Synchronization

/// Every `interval`, writes the queue statistics to Redis for the gateway: the `QueueSnapshot` (10 s TTL) and,
/// per kind, the positions hash of the first waiting requests (5 s TTL). A hash is built under a scratch key and
/// renamed over the live one, so readers never see it half written. Redis being away costs statistics only.
struct QueueSnapshotService: Service {
    /// The service's name in logs.
    let name = "queue-snapshot"
    /// The request index.
    let queue: SchedulerQueue
    /// Workers seen recently.
    let activity: WorkerActivity
    /// Where the statistics go.
    let redis: RedisClient
    /// `HORDE_REDIS_PREFIX`.
    let prefix: String
    /// Time between snapshots.
    let interval: Duration
    /// Where this component logs.
    let logger: Logger

    /// Kinds this scheduler queues.
    static let kinds: [RequestKind] = [.image, .text]

    /// Writes a snapshot every `interval` until graceful shutdown.
    func run() async throws {
        let wake = WakeSignal()
        let stopping = Atomic<Bool>(false)
        await withGracefulShutdownHandler {
            var failing = false
            while !stopping.load(ordering: .acquiring) && !Task.isCancelled {
                do {
                    try await writeOnce()
                    if failing { logger.info("queue statistics written again") }
                    failing = false
                } catch {
                    if !failing { logger.warning("queue statistics not written", ["error": "\(error)"]) }
                    failing = true
                }
                await wake.wait(timeout: interval)
            }
        } onGracefulShutdown: {
            stopping.store(true, ordering: .releasing)
            wake.signal()
        }
    }

    /// Computes and writes one snapshot.
    func writeOnce(now: Date = Date()) async throws {
        let workers = await activity.active(now: now)
        var models: [QueueSnapshot.ModelStats] = []
        var kinds: [QueueSnapshot.KindTotals] = []
        var commands: [[String]] = []
        for kind in Self.kinds {
            let figures = await queue.figures(kind, headLimit: QueueStatistics.positionsLimit)
            models += QueueStatistics.models(kind: kind, figures: figures, workers: workers)
            kinds.append(
                .init(kind: kind.rawValue, queuedRequests: figures.totalRequests, queuedThings: figures.totalThings))
            let positions = QueueStatistics.positions(kind: kind, figures: figures, workers: workers)
            commands += Self.positionCommands(
                positions, key: QueueSnapshotKeys.positions(prefix: prefix, kind: kind.rawValue))
        }
        let snapshot = QueueSnapshot(takenAt: now, models: models, kinds: kinds)
        let json = String(decoding: try WireCoding.encoder().encode(snapshot), as: UTF8.self)
        commands.append(["SET", QueueSnapshotKeys.snapshot(prefix: prefix), json, "PX", "10000"])
        _ = try await redis.pipeline(commands)
    }

    /// The commands that replace one positions hash: built under a scratch key (in slices, so no single command
    /// grows huge), given its TTL, then renamed over the live key; an empty queue deletes it.
    static func positionCommands(_ positions: [QueueStatistics.Position], key: String) -> [[String]] {
        guard !positions.isEmpty else { return [["DEL", key]] }
        let scratch = key + ":next"
        var commands: [[String]] = [["DEL", scratch]]
        var index = 0
        while index < positions.count {
            let slice = positions[index..<min(index + 1000, positions.count)]
            var command = ["HSET", scratch]
            for position in slice {
                command.append(position.id.uuidString.lowercased())
                command.append(
                    QueueSnapshotKeys.encodePosition(queuePosition: position.position, waitTime: position.waitTime))
            }
            commands.append(command)
            index += slice.count
        }
        commands.append(["PEXPIRE", scratch, "5000"])
        commands.append(["RENAME", scratch, key])
        return commands
    }
}
