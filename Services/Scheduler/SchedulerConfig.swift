import Foundation
import HordeCore
import Messages

/// The scheduler's own settings (the shared ones — Postgres, Kafka, admin port — come from `CommonConfig`).
struct SchedulerConfig: Sendable {
    /// `HORDE_SCHEDULER_SWEEP_INTERVAL`: how often timed-out jobs and expired requests are swept (Default: 5s).
    var sweepInterval: Duration = .seconds(5)
    /// `HORDE_SCHEDULER_MAX_PARK`: the longest a pop may be held open, whatever it asked for (Default: 10s).
    var maxPark: Duration = .seconds(10)
    /// `HORDE_SCHEDULER_MAX_EXAMINED`: requests one pop looks at before giving up (Default: 1000).
    var maxExamined = 1000
    /// `HORDE_SCHEDULER_MAX_CLAIMS`: matching requests one pop tries to claim before answering empty (Default: 5).
    var maxClaimAttempts = 5
    /// `HORDE_SCHEDULER_EXPIRY_EXTENSION`: each pop and settlement keeps a request alive at least this much longer
    /// (Default: 20m).
    var expiryExtension: Duration = .seconds(20 * 60)
    /// `HORDE_SCHEDULER_FAULT_LIMIT`: the fault that faults a whole request (Default: 3, so two restarts).
    var faultLimit = 3
    /// `HORDE_SCHEDULER_GROUP`: the stem of the scheduler's Kafka consumer groups, one per topic
    /// (`<stem>-requests`, `<stem>-pops`, `<stem>-submissions`) (Default: `<HORDE_TOPIC_PREFIX>horde-scheduler`, so
    /// hordes sharing a broker under different topic prefixes never share a group).
    var consumerGroup = "\(Topics.prefix)horde-scheduler"
    /// `HORDE_SCHEDULER_CONCURRENT_POPS`: pops answered at the same time (Default: 64).
    var concurrentPops = 64
    /// `HORDE_SCHEDULER_SNAPSHOT_INTERVAL`: how often the queue statistics are written to Redis (Default: 1s).
    var snapshotInterval: Duration = .seconds(1)
    /// `HORDE_REDIS_PREFIX`: prefix of the Redis keys the statistics are written under (Default: horde:).
    var redisPrefix = "horde:"
    /// `HORDE_UPTIME_INTERVAL`: continuous online uptime one uptime reward is for (Default: 600s).
    var uptimeInterval: Duration = .seconds(600)
    /// `HORDE_UPTIME_CHECK_INTERVAL`: how often completed uptime periods are paid (Default: 10s).
    var uptimeCheckInterval: Duration = .seconds(10)
    /// `HORDE_INTERNAL_TOKEN`: when set, the gateway's pops over HTTP must carry it (Default: none, for an admin
    /// port only the cluster reaches).
    var internalToken = ""

    /// Reads the settings from `HORDE_*` variables; a set but invalid value throws.
    static func fromEnvironment(_ env: Environment = .init()) throws -> SchedulerConfig {
        var config = SchedulerConfig()
        config.sweepInterval = try env.duration("HORDE_SCHEDULER_SWEEP_INTERVAL", default: config.sweepInterval)
        config.maxPark = try env.duration("HORDE_SCHEDULER_MAX_PARK", default: config.maxPark)
        config.maxExamined = max(1, try env.int("HORDE_SCHEDULER_MAX_EXAMINED", default: config.maxExamined))
        config.maxClaimAttempts = max(1, try env.int("HORDE_SCHEDULER_MAX_CLAIMS", default: config.maxClaimAttempts))
        config.expiryExtension = try env.duration("HORDE_SCHEDULER_EXPIRY_EXTENSION", default: config.expiryExtension)
        config.faultLimit = max(1, try env.int("HORDE_SCHEDULER_FAULT_LIMIT", default: config.faultLimit))
        config.consumerGroup = env.string("HORDE_SCHEDULER_GROUP", default: config.consumerGroup)
        config.concurrentPops = max(1, try env.int("HORDE_SCHEDULER_CONCURRENT_POPS", default: config.concurrentPops))
        config.snapshotInterval = try env.duration(
            "HORDE_SCHEDULER_SNAPSHOT_INTERVAL", default: config.snapshotInterval)
        config.redisPrefix = env.string("HORDE_REDIS_PREFIX", default: config.redisPrefix)
        config.uptimeInterval = try env.duration("HORDE_UPTIME_INTERVAL", default: config.uptimeInterval)
        config.uptimeCheckInterval = try env.duration(
            "HORDE_UPTIME_CHECK_INTERVAL", default: config.uptimeCheckInterval)
        config.internalToken = env.string("HORDE_INTERNAL_TOKEN", default: "")
        return config
    }
}
