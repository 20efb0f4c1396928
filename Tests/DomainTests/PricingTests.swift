import Foundation
import Testing

@testable import Domain

@Suite struct ImagePricingTests {
    @Test func legacyFormulaMatchesTheRulesExamples() {
        #expect(ImagePricing.jobPrice(ImageJobSpec(width: 512, height: 512, steps: 30)) == 6.5)
        #expect(ImagePricing.jobPrice(ImageJobSpec(width: 1024, height: 1024, steps: 30)) == 36.04)
    }

    @Test func surchargesApplyInOrder() {
        let base = ImagePricing.jobPrice(ImageJobSpec(width: 512, height: 512, steps: 30))
        let withLoras = ImagePricing.jobPrice(ImageJobSpec(width: 512, height: 512, steps: 30, loras: 2))
        #expect(withLoras == base + 6)
        let withTI = ImagePricing.jobPrice(ImageJobSpec(width: 512, height: 512, steps: 30, hasTextualInversions: true))
        #expect(withTI == base + 1)
        let upscaled = ImagePricing.jobPrice(
            ImageJobSpec(width: 512, height: 512, steps: 30, postProcessors: ["RealESRGAN_x4plus"]))
        #expect(upscaled == KudosMath.round2(base * 1.2))
        let controlled = ImagePricing.jobPrice(ImageJobSpec(width: 512, height: 512, steps: 30, controlNet: true))
        #expect(controlled == KudosMath.round2(base * 3))
    }

    @Test func requesterPaysTaxAndMultipliers() {
        let spec = ImageJobSpec(width: 512, height: 512, steps: 30)
        #expect(ImagePricing.requesterCost(spec) == 7.5)
        #expect(ImagePricing.requesterCost(spec, slowWorkers: false) == 9)
        #expect(ImagePricing.requesterCost(spec, censored: true) == 1)
        let sdxl = ImageJobSpec(width: 512, height: 512, steps: 30, baseline: "stable_diffusion_xl")
        #expect(ImagePricing.requesterCost(sdxl) == 14)
        #expect(ImagePricing.workerReward(sdxl) == 13)
    }

    @Test func accurateStepsAndTTL() {
        #expect(ImageJobSpec(steps: 30, sampler: "k_heun").accurateSteps == 60)
        #expect(ImageJobSpec(steps: 30, sampler: "k_dpm_adaptive").accurateSteps == 40)
        #expect(ImagePricing.jobTTL(ImageJobSpec(width: 512, height: 512, steps: 30)) == 150)
        #expect(ImagePricing.jobTTL(ImageJobSpec(width: 2048, height: 2048, steps: 50)) == 1630)
        #expect(ImagePricing.jobTTL(ImageJobSpec(width: 512, height: 512, steps: 30), extraSlowWorker: true) == 450)
    }
}

@Suite struct TextPricingTests {
    @Test func tokensAreCharactersOverFourWithFloorAndCap() {
        #expect(TextPricing.tokens(characters: 10, maxLength: 80) == 20)
        #expect(TextPricing.tokens(characters: 200, maxLength: 80) == 50)
        #expect(TextPricing.tokens(characters: 2000, maxLength: 80) == 80)
    }

    @Test func contextMultiplierIsClamped() {
        let small = TextPricing.contextMultiplier(promptCharacters: 40, maxLength: 80)
        #expect(small > 1.2 && small < 1.3)
        #expect(TextPricing.contextMultiplier(promptCharacters: 4_000_000, maxLength: 1_000_000) == 30)
    }

    @Test func rewardFollowsModelSize() {
        let ctx = 1.25
        let thirteen = TextPricing.reward(
            tokens: 80, parametersBillions: 13, contextMultiplier: ctx, validatedBackend: true, ownerTrusted: false)
        #expect(thirteen == KudosMath.round2(80 * 13.0 / 125 * ctx))
        let unvalidated = TextPricing.reward(
            tokens: 80, parametersBillions: 13, contextMultiplier: ctx, validatedBackend: false, ownerTrusted: false)
        #expect(unvalidated == KudosMath.round2(80 * 13.0 / 125 * ctx * 0.3))
        #expect(
            TextPricing.reward(tokens: 80, parametersBillions: nil, contextMultiplier: ctx, validatedBackend: true,
                               ownerTrusted: false) == 1.25)
        #expect(TextPricing.requesterCost(reward: 8.32) == 9.32)
    }

    @Test func parametersAreReadFromModelNames() {
        #expect(TextPricing.parametersFromName("koboldcpp/LLaMA2-13B-Tiefighter") == 13)
        #expect(TextPricing.parametersFromName("aphrodite/Mistral-7b-Q4_K") == 7)
        #expect(TextPricing.parametersFromName("horde/cpu-text-1B") == 1)
        #expect(TextPricing.parametersFromName("mixtral-8x7b") == 7)
        #expect(TextPricing.parametersFromName("gpt2") == nil)
    }
}

@Suite struct IdentityTests {
    @Test func workerIdsAreStableVersion5UUIDs() {
        let id = WorkerIdentity.id(forName: "local-cpu-worker")
        #expect(id == WorkerIdentity.id(forName: "local-cpu-worker"))
        #expect(id != WorkerIdentity.id(forName: "local-cpu-worker2"))
        #expect(id.uuidString.lowercased().split(separator: "-")[2].first == "5")
    }

    @Test func bridgeAgentsParseLeniently() {
        #expect(BridgeAgent("AI Horde Worker reGen:13.1.0:https://x").rewardFactor == 1.0)
        #expect(BridgeAgent("AI Horde Worker reGen:9.0.1:https://x").rewardFactor == 0.9)
        #expect(BridgeAgent("my bridge:1").rewardFactor == 0.75)
        #expect(BridgeAgent("garbage").majorVersion == 0)
    }
}
