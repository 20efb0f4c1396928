import Foundation
import Testing

@testable import Domain
@testable import Messages

@Suite struct JobSettlementTests {
    @Test func imageJobPaysTheFixedCostAndTheBridgeFactoredReward() {
        let request = MatchFixtures.request()  // kudosPerJob 10, costPerJob 11
        let latest = JobSettlement.settle(
            request: request, model: "stable_diffusion", bridgeAgent: "AI Horde Worker reGen:13.0:x",
            ownerTrusted: false, outcome: .ok, tokens: nil)
        #expect(latest == JobSettlement(cost: 11, reward: 10, rewardBeforeBridge: 10, things: 1))
        let old = JobSettlement.settle(
            request: request, model: "stable_diffusion", bridgeAgent: "AI Horde Worker reGen:9.0:x",
            ownerTrusted: false, outcome: .ok, tokens: nil)
        #expect(old.reward == 9)
        #expect(old.rewardBeforeBridge == 10)
        let unofficial = JobSettlement.settle(
            request: request, model: "stable_diffusion", bridgeAgent: "my-bridge:1:x", ownerTrusted: false,
            outcome: .ok, tokens: nil)
        #expect(unofficial.reward == 7.5)
    }

    @Test func censoredImagesChargeOnlyTheTax() {
        var request = MatchFixtures.request()
        let censored = JobSettlement.settle(
            request: request, model: "m", bridgeAgent: "horde-worker:1:x", ownerTrusted: false, outcome: .censored,
            tokens: nil)
        #expect(censored.cost == 1)
        #expect(censored.reward == 10)
        request.slowWorkers = false
        request.workerBlacklist = true
        #expect(JobSettlement.censoredImageCost(request) == 1.32)
    }

    @Test func faultedJobsSettleToZero() {
        let faulted = JobSettlement.settle(
            request: MatchFixtures.request(), model: "m", bridgeAgent: "horde-worker:1:x", ownerTrusted: true,
            outcome: .faulted, tokens: 10)
        #expect(faulted == .zero)
    }

    @Test func textRewardFollowsTokensAndRequesterPaysOneMore() {
        var request = MatchFixtures.request(kind: .text, models: [], maxLength: 80)
        request.payload = ["prompt": .string(String(repeating: "x", count: 100))]
        let small = JobSettlement.settle(
            request: request, model: "horde/cpu-text-1B", bridgeAgent: "horde-worker:1:x", ownerTrusted: false,
            outcome: .ok, tokens: 50)
        #expect(small.reward == 0.49)
        #expect(small.cost == 1.49)
        #expect(small.things == 50)
        let capped = JobSettlement.settle(
            request: request, model: "horde/cpu-text-1B", bridgeAgent: "horde-worker:1:x", ownerTrusted: false,
            outcome: .ok, tokens: 5000)
        #expect(capped.things == 80)
        let unvalidated = JobSettlement.settle(
            request: request, model: "horde/cpu-text-1B", bridgeAgent: "other:1:x", ownerTrusted: false,
            outcome: .ok, tokens: 50)
        #expect(unvalidated.reward == 0.15)
    }
}
