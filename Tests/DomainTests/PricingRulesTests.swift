import Foundation
import Testing

@testable import Domain

/// The rules' worked examples for everything priced beyond the per-job base (HORDE_RULES 4.1–4.5, 6).
@Suite struct PricingRulesTests {
    @Test func accurateStepsDrivePriceForSecondOrderSamplers() {
        let heun = ImagePricing.jobPrice(ImageJobSpec(steps: 30, sampler: "k_heun"))
        #expect(heun == ImagePricing.jobPrice(ImageJobSpec(steps: 60)))
        #expect(heun == 12.99)
    }

    @Test func postProcessorsCostTheRequesterOnlyForUpscalers() {
        let upscaled = ImageJobSpec(postProcessors: ["RealESRGAN_x4plus"])
        // 6.5 × 1.2 = 7.8 price; the requester pays × 1.05 on top, + 1 tax.
        #expect(ImagePricing.jobPrice(upscaled) == 7.8)
        #expect(ImagePricing.requesterCost(upscaled) == KudosMath.round2(7.8 * 1.05 + 1))
        let faceFixed = ImageJobSpec(postProcessors: ["GFPGAN"])
        #expect(ImagePricing.requesterCost(faceFixed) == KudosMath.round2(7.8 + 1))
    }

    @Test func loraAndTISurchargesComeBeforeMultipliers() {
        let spec = ImageJobSpec(loras: 2, hasTextualInversions: true, baseline: "stable_diffusion_xl")
        #expect(ImagePricing.jobPrice(spec) == 13.5)
        #expect(ImagePricing.workerReward(spec) == 27)
        #expect(ImagePricing.requesterCost(spec) == 28)
    }

    @Test func modelFamilyMultipliers() {
        #expect(ImagePricing.baselineMultiplier(baseline: "stable_diffusion_xl") == 2)
        #expect(ImagePricing.baselineMultiplier(baseline: "stable_diffusion_xl", qrCode: true) == 4)
        #expect(ImagePricing.baselineMultiplier(baseline: "stable_cascade") == 4)
        #expect(ImagePricing.baselineMultiplier(baseline: "stable_cascade", hiresFix: true) == 7)
        #expect(ImagePricing.baselineMultiplier(baseline: "flux_1") == 8)
        #expect(ImagePricing.baselineMultiplier(baseline: "z_image_turbo") == 8)
        #expect(ImagePricing.baselineMultiplier(baseline: "qwen_image") == 12)
        #expect(ImagePricing.baselineMultiplier(baseline: nil) == 1)
        #expect(ImagePricing.workerReward(ImageJobSpec(baseline: "stable_diffusion_xl", qrCode: true)) == 26)
    }

    @Test func sourceImageSpeedAndBlacklistSurcharges() {
        let img2img = ImageJobSpec(hasSourceImage: true)
        #expect(ImagePricing.requesterCost(img2img) == KudosMath.round2(6.5 * 1.3 + 1))
        #expect(ImagePricing.requesterCost(ImageJobSpec(), slowWorkers: false, workerBlacklist: true)
            == KudosMath.round2(7.5 * 1.2 * 1.1))
        #expect(ImagePricing.requesterCost(ImageJobSpec(), slowWorkers: false, censored: true) == 1.2)
    }

    @Test func matchedTargetingPricesAtATenth() {
        #expect(ImagePricing.jobPrice(ImageJobSpec(width: 1024, height: 1024), matchedTargeting: true) == 0.1)
    }

    @Test func workerSoftwareFactors() {
        let spec = ImageJobSpec()
        #expect(ImagePricing.workerCredit(spec, bridgeAgent: "AI Horde Worker reGen:13.0.1:x") == 6.5)
        #expect(ImagePricing.workerCredit(spec, bridgeAgent: "AI Horde Worker reGen:12.1:x") == 5.85)
        #expect(ImagePricing.workerCredit(spec, bridgeAgent: "AI Horde Worker:24:x") == 6.5)
        #expect(ImagePricing.workerCredit(spec, bridgeAgent: "AI Horde Worker:23:x") == 5.85)
        #expect(ImagePricing.workerCredit(spec, bridgeAgent: "Some Bridge:99:x") == 4.88)
    }

    @Test func activationTaxes() {
        #expect(ImagePricing.activationTax() == 3)
        #expect(ImagePricing.activationTax(extraSourceImages: 2) == 13)
        #expect(TextPricing.activationTax() == 1)
        #expect(TextPricing.activationTax(otherUsersStyle: true) == 3)
    }

    @Test func imageDryRunUsesTheFirstModelsMultiplierOrSDXLs() {
        // 512×512×30: 6.5 + 1 per job, × n × multiplier + 1.
        #expect(ImagePricing.dryRunKudos(ImageJobSpec(), n: 1, hasModels: false) == 16)
        #expect(ImagePricing.dryRunKudos(ImageJobSpec(), n: 1, hasModels: true) == 8.5)
        #expect(ImagePricing.dryRunKudos(ImageJobSpec(baseline: "flux_1"), n: 2, hasModels: true) == 121)
        #expect(ImagePricing.dryRunKudos(ImageJobSpec(), n: 1, hasModels: true, slowWorkers: false) == 10)
    }

    @Test func textEstimates() {
        // ctx multiplier of 1024 = 1.2 + 2.2^0 = 2.2; estimate = 80 × 13 × 2.2 / 100 = 22.88.
        #expect(abs(TextPricing.contextMultiplier(maxContextLength: 1024) - 2.2) < 1e-9)
        #expect(TextPricing.dryRunKudos(maxLength: 80, maxContextLength: 1024, firstModelBillions: nil, n: 1) == 24.88)
        #expect(TextPricing.dryRunKudos(maxLength: 80, maxContextLength: 1024, firstModelBillions: 13, n: 2) == 48.76)
        #expect(TextPricing.upfrontEstimate(maxLength: 80, highestBillions: 13, n: 2) == 99.04)
        #expect(TextPricing.upfrontEstimate(maxLength: 80, highestBillions: nil, n: 3) == 60)
    }

    @Test func textRewardForKnownAndUnknownModels() {
        let ctx = TextPricing.contextMultiplier(promptCharacters: 4096, maxLength: 2048)
        // C = 1024 tokens: 1.2 + 1 = 2.2.
        #expect(abs(ctx - 2.2) < 1e-9)
        #expect(TextPricing.reward(tokens: 100, parametersBillions: 70, contextMultiplier: ctx, validatedBackend: true,
            ownerTrusted: false) == KudosMath.round2(100 * pow(70.0 / 13, 0.2) * 70 / 125 * 2.2))
        #expect(TextPricing.reward(tokens: 100, parametersBillions: nil, contextMultiplier: ctx, validatedBackend: true,
            ownerTrusted: false) == KudosMath.round2(ctx))
        #expect(TextPricing.reward(tokens: 100, parametersBillions: nil, contextMultiplier: ctx, validatedBackend: true,
            ownerTrusted: true) == KudosMath.round2(100 * 2.2 * 0.027))
    }

    @Test func interrogationForms() {
        #expect(InterrogationPricing.formPrice("caption") == 1)
        #expect(InterrogationPricing.formPrice("nsfw") == 1)
        #expect(InterrogationPricing.formPrice("interrogation") == 3)
        #expect(InterrogationPricing.tiles(width: 1024, height: 1024) == 4)
        #expect(InterrogationPricing.tiles(width: 513, height: 512) == 2)
        #expect(InterrogationPricing.formPrice("RealESRGAN_x4plus", tiles: 4) == 12)
        #expect(InterrogationPricing.workerReward("interrogation") == 3)
        #expect(InterrogationPricing.requesterCost("caption") == 3)
        #expect(InterrogationPricing.requesterCost("caption", slowWorkers: false) == 2)
    }

    @Test func priorityFromKudos() {
        #expect(KudosPriority.priority(kudos: 500, flagged: false) == 500)
        #expect(KudosPriority.priority(kudos: 5000, flagged: true) == 5)
        #expect(KudosPriority.priority(kudos: 10, flagged: true) == -100)
    }
}

/// Upfront admission, downgrades and shared-key budgets (HORDE_RULES 4.5).
@Suite struct UpfrontKudosTests {
    @Test func resolutionAndLengthLimits() {
        #expect(UpfrontKudos.resolutionLimit(activeImageThreads: 0, queuedImageJobs: 0) == 1024)
        #expect(UpfrontKudos.resolutionLimit(activeImageThreads: 0, queuedImageJobs: 100) == 934)
        #expect(UpfrontKudos.resolutionLimit(activeImageThreads: 0, queuedImageJobs: 5000) == 576)
        #expect(UpfrontKudos.resolutionLimit(activeImageThreads: 0, queuedImageJobs: 5000, baselines: ["stable_diffusion_2"]) == 768)
        #expect(UpfrontKudos.resolutionLimit(activeImageThreads: 0, queuedImageJobs: 5000, baselines: [nil, "flux_1"]) == 1024)
        #expect(UpfrontKudos.textLengthLimit(textThreads: 0, queuedTextJobs: 0) == 512)
        #expect(UpfrontKudos.textLengthLimit(textThreads: 10, queuedTextJobs: 100) == 472)
        #expect(UpfrontKudos.textLengthLimit(textThreads: 0, queuedTextJobs: 1000) == 256)
    }

    @Test func whatNeedsUpfrontKudos() {
        typealias R = UpfrontKudos.ImageRequest
        #expect(!UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 30), limit: 1024))
        #expect(!UpfrontKudos.imageNeedsUpfront(R(width: 1024, height: 1024, accurateSteps: 40), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 30, slowWorkers: false), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 41), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 1088, height: 1024, accurateSteps: 30), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 768, height: 768, accurateSteps: 30), limit: 700))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 21, controlNet: true), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 11, lcm: true), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 30, modelsMaxSteps: [25]), limit: 1024))
        #expect(UpfrontKudos.imageNeedsUpfront(R(width: 512, height: 512, accurateSteps: 30, matchedTargeting: true), limit: 1024))
        #expect(!UpfrontKudos.textNeedsUpfront(slowWorkers: true, maxLength: 512, limit: 512))
        #expect(UpfrontKudos.textNeedsUpfront(slowWorkers: true, maxLength: 513, limit: 512))
        #expect(UpfrontKudos.textNeedsUpfront(slowWorkers: false, maxLength: 80, limit: 512))
    }

    @Test func downgradesFitTheLimits() {
        typealias R = UpfrontKudos.ImageRequest
        let big = UpfrontKudos.downgrade(R(width: 2048, height: 2048, accurateSteps: 50), limit: 1024)
        #expect(big == (1024, 1024, 30))
        let wide = UpfrontKudos.downgrade(R(width: 2048, height: 1024, accurateSteps: 50), limit: 1024)
        #expect(wide.width * wide.height <= 1024 * 1024 && wide.width % 64 == 0 && wide.height >= 512)
        #expect(UpfrontKudos.downgrade(R(width: 512, height: 512, accurateSteps: 50, controlNet: true), limit: 1024).steps == 20)
        #expect(UpfrontKudos.downgrade(R(width: 512, height: 512, accurateSteps: 50, lcm: true), limit: 1024).steps == 10)
        #expect(UpfrontKudos.downgrade(R(width: 512, height: 512, accurateSteps: 50, modelsMaxSteps: [25, 40]), limit: 1024).steps == 25)
        #expect(UpfrontKudos.downgrade(R(width: 512, height: 512, accurateSteps: 50, modelsMaxSteps: [2]), limit: 1024).steps == 5)
        #expect(UpfrontKudos.downgrade(R(width: 512, height: 512, accurateSteps: 3), limit: 1024).steps == 3)
        #expect(UpfrontKudos.downgrade(R(width: 4096, height: 512, accurateSteps: 30), limit: 576) == (640, 512, 30))
    }

    @Test func availableKudosSubtractTheFloorHoldsAndQueuedDebits() {
        #expect(UpfrontKudos.availableCents(balance: 10_000, floor: 2_500, holds: 1_000, queuedDebits: 500) == 6_000)
        #expect(UpfrontKudos.availableCents(balance: 10_000, floor: 2_500, queuedDebits: -500) == 7_500)
        #expect(UpfrontKudos.availableCents(balance: -5_000, floor: -5_000) == 0)
    }

    @Test func sharedKeyBudgets() {
        #expect(SharedKeyBudget.remaining(budget: -1, utilized: 99) == nil)
        #expect(SharedKeyBudget.remaining(budget: 5000, utilized: 4000, gifted: 100) == 1100)
        #expect(SharedKeyBudget.remaining(budget: 10, utilized: 40) == 0)
        #expect(SharedKeyBudget.decide(remaining: nil, estimate: 1e9, allowDowngrade: false) == .admit)
        #expect(SharedKeyBudget.decide(remaining: 100, estimate: 50, allowDowngrade: false) == .admit)
        #expect(SharedKeyBudget.decide(remaining: 10, estimate: 50, allowDowngrade: false) == .insufficient)
        #expect(SharedKeyBudget.decide(remaining: 10, estimate: 50, allowDowngrade: true) == .downgrade)
        #expect(SharedKeyBudget.decide(remaining: 0, estimate: 50, allowDowngrade: false) == .empty)
        #expect(SharedKeyBudget.decide(remaining: 0, estimate: 50, allowDowngrade: true) == .anonymous)
    }
}
