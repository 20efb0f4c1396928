import Foundation

/// The rules for workers that drop jobs (HORDE_RULES 2.4): more aborted jobs than the threshold within one hour
/// put the worker into maintenance with a fixed message and add suspicion 9. In raid mode the threshold is lower and
/// the worker is not told (suspicion only); interrogation workers get a much higher threshold.
enum WorkerAbortPolicy {
    /// The rolling window aborts are counted in.
    static let window: TimeInterval = 3600
    /// How long an abort's event id is remembered, so a redelivered event is never counted twice.
    static let remembered: TimeInterval = 86_400
    /// The suspicion reason "too many aborted jobs".
    static let suspicionReason = 9
    /// Worker suspicions at which an untrusted owner's worker is paused (HORDE_RULES 8.3).
    static let pauseAtSuspicions = 5
    /// The maintenance message the worker's owner sees on every pop.
    static let maintenanceMessage = "Maintenance mode activated because worker is dropping too many jobs."

    /// How many aborts within the window a worker of `kind` may have; one more trips the rule.
    static func threshold(kind: String, raid: Bool) -> Int {
        if kind == "interrogation" { return 100 }
        return raid ? 10 : 20
    }
}
