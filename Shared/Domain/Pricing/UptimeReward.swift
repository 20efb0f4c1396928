import Foundation

/// The uptime reward rules (HORDE_RULES 4.6): what a worker earns for each full period of online, non-paused,
/// non-maintenance uptime.
package enum UptimeReward {
    /// Seconds of continuous uptime one reward is for (the rules' 600 s; `HORDE_UPTIME_INTERVAL` overrides it).
    package static let defaultIntervalSeconds: TimeInterval = 600
    /// A worker that has not popped for this long is offline; when it pops again its clock starts over.
    package static let staleAfterSeconds: TimeInterval = 300
    /// The context length above which a text worker earns no more.
    package static let maxRewardedContext = 262_144
    /// What an alchemist earns per period.
    package static let interrogation: Double = 40

    /// An image worker: 50 + 2 per served model, + 30 when it takes LoRas.
    package static func image(servedModels: Int, allowLora: Bool) -> Double {
        KudosMath.round2(50 + 2 * Double(max(servedModels, 0)) + (allowLora ? 30 : 0))
    }

    /// A text worker: 25 + 15 × min(context, 262,144) / 1024; halved (and nothing else) when the model's size is
    /// unknown, else × 0.3 for an unvalidated backend and × max(P / 7, 0.25) for P billions of parameters.
    package static func text(model: String?, maxContextLength: Int, validatedBackend: Bool) -> Double {
        let context = Double(min(max(maxContextLength, 0), maxRewardedContext))
        let base = 25 + 15 * context / 1024
        guard let model, let billions = TextPricing.parametersFromName(model) else {
            return KudosMath.round2(base * 0.5)
        }
        var value = base
        if !validatedBackend { value *= 0.3 }
        value *= max(billions / 7, 0.25)
        return KudosMath.round2(value)
    }

    /// The index of the reward period ending at `end`: whole intervals since the epoch. Two rewards of one worker
    /// end at least one interval apart, so worker id + index names each reward exactly once, across restarts too.
    package static func periodIndex(end: Date, intervalSeconds: TimeInterval) -> Int64 {
        Int64((end.timeIntervalSince1970 / max(intervalSeconds, 1)).rounded(.down))
    }

    /// The idempotency key of the reward of `workerId` for the period ending at `end`.
    package static func eventId(workerId: UUID, end: Date, intervalSeconds: TimeInterval) -> UUID {
        DeterministicID.make(
            "uptime-reward", workerId.uuidString.lowercased(),
            String(periodIndex(end: end, intervalSeconds: intervalSeconds)))
    }
}
