import Foundation
import Messages

/// What one delivered job costs its requester and earns its worker (HORDE_RULES 4.2, 4.3).
package struct JobSettlement: Sendable, Equatable {
    /// Kudos charged to the requester.
    package var cost: Double
    /// Kudos the worker earns, after the bridge factor.
    package var reward: Double
    /// The reward before the bridge factor: the submit response's and webhook's `kudos`.
    package var rewardBeforeBridge: Double
    /// Pixelsteps (image) or tokens (text) generated.
    package var things: Double

    /// A settlement of these amounts.
    package init(cost: Double, reward: Double, rewardBeforeBridge: Double, things: Double) {
        self.cost = cost
        self.reward = reward
        self.rewardBeforeBridge = rewardBeforeBridge
        self.things = things
    }

    /// Nothing charged, nothing earned: a faulted job.
    package static let zero = JobSettlement(cost: 0, reward: 0, rewardBeforeBridge: 0, things: 0)

    /// Settles one job of `request` delivered by a worker running `bridgeAgent`.
    ///
    /// Images: the worker earns the request's per-job price × the bridge factor; the requester pays the per-job
    /// cost fixed at activation, or only the horde tax (with the speed and blacklist surcharges) when the result
    /// was censored. Text: the reward follows the delivered tokens, the model size and the context, and the
    /// requester pays it plus one kudo. A faulted job settles to zero.
    package static func settle(
        request: RequestCreated, model: String, bridgeAgent: String, ownerTrusted: Bool, outcome: JobOutcome,
        tokens: Int?
    ) -> JobSettlement {
        guard outcome != .faulted else { return .zero }
        let bridge = BridgeAgent(bridgeAgent)
        switch request.kind {
        case .image:
            let beforeBridge = KudosMath.round2(request.kudosPerJob)
            let reward = KudosMath.round2(beforeBridge * bridge.rewardFactor)
            let cost = outcome == .ok ? KudosMath.round2(request.costPerJob) : censoredImageCost(request)
            return JobSettlement(
                cost: cost, reward: reward, rewardBeforeBridge: beforeBridge, things: request.thingsPerJob)
        case .text:
            let maxLength = request.maxLength > 0 ? request.maxLength : (request.payload["max_length"]?.intValue ?? 80)
            let delivered = min(max(tokens ?? 20, 20), max(maxLength, 20))
            let prompt = request.payload["prompt"]?.stringValue ?? ""
            let context = TextPricing.contextMultiplier(promptCharacters: prompt.count, maxLength: maxLength)
            let reward = TextPricing.reward(
                tokens: delivered, parametersBillions: TextPricing.parametersFromName(model),
                contextMultiplier: context, validatedBackend: bridge.isValidatedTextBackend,
                ownerTrusted: ownerTrusted)
            return JobSettlement(
                cost: TextPricing.requesterCost(reward: reward), reward: reward, rewardBeforeBridge: reward,
                things: Double(delivered))
        case .interrogation:
            // Forms are priced when accepted; the interrogation queue settles them itself.
            let reward = KudosMath.round2(request.kudosPerJob)
            return JobSettlement(
                cost: KudosMath.round2(request.costPerJob), reward: reward, rewardBeforeBridge: reward, things: 1)
        }
    }

    /// A censored image is charged the one-kudo tax only, with the request's speed and blacklist surcharges.
    package static func censoredImageCost(_ request: RequestCreated) -> Double {
        var cost = 1.0
        if !request.slowWorkers { cost *= 1.2 }
        if request.workerBlacklist { cost *= 1.1 }
        return KudosMath.round2(cost)
    }
}
