import Foundation
import HordeCore

/// The alchemy queue's settings.
struct InterrogationSettings: Sendable {
    /// `HORDE_SCHEDULER_FORM_TTL`: how long an alchemist has to deliver a form before it is restarted elsewhere
    /// (Default: 3m).
    var formTTL: Duration = .seconds(180)
    /// The abort that faults a form: stale forms are restarted three times, the fourth abort faults them.
    var abortLimit = 4
    /// Waiting forms one pop looks at before answering (HORDE_RULES 3.4).
    var maxCandidates = 100
    /// Most forms one pop takes.
    var maxAmount = 20
    /// Each pop and settlement keeps an interrogation alive at least this much longer (the scheduler's
    /// `HORDE_SCHEDULER_EXPIRY_EXTENSION`).
    var expiryExtension: Duration = .seconds(20 * 60)
    /// Time between sweeps (the scheduler's `HORDE_SCHEDULER_SWEEP_INTERVAL`).
    var sweepInterval: Duration = .seconds(5)

    /// Reads the settings; the shared ones come from the scheduler's own configuration.
    static func fromEnvironment(_ env: Environment, scheduler: SchedulerConfig) throws -> InterrogationSettings {
        var settings = InterrogationSettings()
        settings.formTTL = try env.duration("HORDE_SCHEDULER_FORM_TTL", default: settings.formTTL)
        settings.expiryExtension = scheduler.expiryExtension
        settings.sweepInterval = scheduler.sweepInterval
        return settings
    }
}
