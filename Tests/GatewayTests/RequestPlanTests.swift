import Foundation
import Messages
import Testing

@testable import Gateway

@Suite("Pricing and the queued request")
struct RequestPlanTests {
    private let now = Date(timeIntervalSince1970: 1_700_000_000)

    private func image(_ json: String, user: AuthenticatedUser = TestSupport.user()) throws -> ImageRequestPlan {
        let request = try ImageRequestValidator.validate(
            try TestSupport.body(GenerationInputStable.self, json), user: user, allowHTTPWebhooks: false)
        return try ImageRequestPlan(request, id: UUID(), user: user, priority: 12, now: now, ttl: .seconds(1200))
    }

    @Test func imagePayloadFollowsTheReferenceShape() throws {
        let plan = try image(#"{"prompt": "a cat ### dogs", "nsfw": false, "params": {"steps": 25, "n": 3, "seed": "abc"}}"#)
        let payload = plan.created.payload
        #expect(payload["prompt"] == "a cat ### dogs")
        #expect(payload["ddim_steps"] == 25)
        #expect(payload["steps"] == nil)
        #expect(payload["n"] == nil)
        #expect(payload["width"] == 512)
        #expect(payload["cfg_scale"] == 5)
        #expect(payload["karras"] == true)
        #expect(payload["sampler_name"] == "k_euler_a")
        #expect(payload["seed"] == "abc")
        #expect(payload["use_nsfw_censor"] == true)
        #expect(payload["denoising_strength"] == nil, "fields the client did not send stay out")
        #expect(plan.created.n == 3)
        #expect(!plan.created.nsfw)
    }

    @Test func nsfwRequestsCarryNoCensorFlag() throws {
        #expect(try image(#"{"prompt": "x"}"#).created.payload["use_nsfw_censor"] == nil)
    }

    @Test func imagePricesFollowTheLegacyFormula() throws {
        let plan = try image(#"{"prompt": "x", "params": {"n": 2}}"#)
        // 512×512×30: price 6.5 per job; the requester pays it plus the 1-kudo tax.
        #expect(plan.created.kudosPerJob == 6.5)
        #expect(plan.created.costPerJob == 7.5)
        #expect(plan.responseKudos == 6, "the 202 body reports the rounded per-job price (half to even)")
        #expect(plan.created.thingsPerJob == 512 * 512 * 30)
        #expect(plan.created.pixels == 512 * 512)
        #expect(plan.created.jobTTLSeconds == 150)
        #expect(plan.created.priority == 12)
        #expect(plan.created.expiresAt == now.addingTimeInterval(1200))
    }

    @Test func slowWorkerOptOutCostsMore() throws {
        let plan = try image(#"{"prompt": "x", "slow_workers": false}"#)
        #expect(plan.created.costPerJob == 9)
    }

    @Test func dryRunPricesTheWholeRequest() throws {
        let body = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "params": {"n": 2}}"#)
        let request = try ImageRequestValidator.validate(body, user: TestSupport.user(), allowHTTPWebhooks: false)
        #expect(ImageRequestPlan.dryRunKudos(request) == 16)  // 7.5 × 2 × 1 + 1
        let sdxl = try ImageRequestValidator.validate(
            try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "models": ["SDXL 1.0"]}"#),
            user: TestSupport.user(), allowHTTPWebhooks: false, reference: ModelReferenceFixture.reference)
        #expect(ImageRequestPlan.dryRunKudos(sdxl) == 16)  // 7.5 × 1 × 2 + 1
    }

    @Test func qrCodeDryRunsAndChargesUseTheSameMultiplier() throws {
        let user = TestSupport.user()
        let request = try ImageRequestValidator.validate(
            try TestSupport.body(
                GenerationInputStable.self,
                #"{"prompt": "x", "models": ["SDXL 1.0"], "params": {"workflow": "qr_code", "extra_texts": [{"text": "https://example.com", "reference": "qr_code"}]}}"#),
            user: user, allowHTTPWebhooks: false, reference: ModelReferenceFixture.reference)
        let plan = try ImageRequestPlan(request, id: UUID(), user: user, priority: 0, now: now, ttl: .seconds(1200))
        // SDXL's QR-code workflow is ×4 for both: the charge is 6.5 × 4 + 1, the dry run (6.5 + 1) × 4 + 1.
        #expect(plan.created.costPerJob == 27)
        #expect(ImageRequestPlan.dryRunKudos(request) == 31)
    }

    @Test func storedParamsKeepTheNormalisedRequest() throws {
        let plan = try image(#"{"prompt": "x", "r2": false}"#)
        #expect(plan.storedParams["prompt"] == "x")
        #expect(plan.storedParams["r2"] == false)
        #expect(plan.storedParams["params"]?["steps"] == 30)
    }

    @Test func imageRequestsCarryWhatTheMatcherChecks() throws {
        let plain = try image(#"{"prompt": "x"}"#).created
        #expect(plain.sourceProcessing == nil, "no source image, no img2img requirement")
        #expect(plain.extraSourceImages == 0)
        #expect(plain.r2 == true)
        #expect(plain.requesterTrusted == false)
        let trusted = try image(#"{"prompt": "x", "r2": false}"#, user: TestSupport.user(trusted: true)).created
        #expect(trusted.r2 == false)
        #expect(trusted.requesterTrusted == true)
        let moderator = try image(#"{"prompt": "x"}"#, user: TestSupport.user(moderator: true)).created
        #expect(moderator.requesterTrusted == true, "moderators are trusted")
    }

    @Test func textRequestsCarryTheValidatedBackendsFlag() throws {
        let user = TestSupport.user(trusted: true)
        let request = try TextRequestValidator.validate(
            try TestSupport.body(GenerationInputKobold.self, #"{"prompt": "Hi", "validated_backends": true}"#),
            user: user, allowHTTPWebhooks: false)
        let plan = try TextRequestPlan(request, id: UUID(), user: user, priority: 0, now: now, ttl: .seconds(1200))
        #expect(plan.created.validatedBackends == true)
        #expect(plan.created.requesterTrusted == true)
    }

    @Test func textRequestsQueueTheirParametersAndSoftPrompt() throws {
        let user = TestSupport.user()
        let request = try TextRequestValidator.validate(
            try TestSupport.body(
                GenerationInputKobold.self,
                #"{"prompt": "Hi", "softprompt": "sp", "models": ["koboldcpp/Mistral-7B"], "params": {"n": 2, "temperature": 0.7}}"#),
            user: user, allowHTTPWebhooks: false)
        let plan = try TextRequestPlan(request, id: UUID(), user: user, priority: 0, now: now, ttl: .seconds(1200))
        #expect(plan.created.kind == .text)
        #expect(plan.created.n == 2)
        #expect(plan.created.maxLength == 80)
        #expect(plan.created.maxContextLength == 2048)
        #expect(plan.created.jobTTLSeconds == 150)
        #expect(plan.created.payload["prompt"] == "Hi")
        #expect(plan.created.payload["temperature"] == 0.7)
        #expect(plan.created.payload["n"] == nil)
        #expect(plan.created.payload[TextRequestPlan.softpromptKey] == "sp")
        #expect(plan.created.models == ["koboldcpp/Mistral-7B"])
    }

    @Test func textRequestsRecordThePromptLengthAsTheSchedulerCountsIt() throws {
        let user = TestSupport.user()
        let request = try TextRequestValidator.validate(
            try TestSupport.body(GenerationInputKobold.self, #"{"prompt": "h\u00e9llo \ud83d\udc4d\ud83c\udffd"}"#),
            user: user, allowHTTPWebhooks: false)
        let plan = try TextRequestPlan(request, id: UUID(), user: user, priority: 0, now: now, ttl: .seconds(1200))
        #expect(plan.storedParams["prompt_characters"] == 7, "graphemes, not bytes or code points")
    }

    @Test func textDryRunUsesTheFirstModelsSize() throws {
        let request = try TextRequestValidator.validate(
            try TestSupport.body(GenerationInputKobold.self, #"{"prompt": "Hi"}"#), user: TestSupport.user(),
            allowHTTPWebhooks: false)
        // 13B assumed: 80 × 1 × 13 × 3.4 / 100 = 35.36 per job; (35.36 + 1) × 1 + 1.
        #expect(TextRequestPlan.dryRunKudos(request) == 37.36)
    }
}
