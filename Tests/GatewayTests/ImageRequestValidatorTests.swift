import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Image requests: parser defaults and validation")
struct ImageRequestValidatorTests {
    private func validate(_ json: String, user: AuthenticatedUser = TestSupport.user(), allowHTTP: Bool = false)
        throws -> ValidatedImageRequest
    {
        try ImageRequestValidator.validate(
            try TestSupport.body(GenerationInputStable.self, json), user: user, allowHTTPWebhooks: allowHTTP)
    }

    @Test func absentFieldsGetTheServerDefaults() throws {
        let request = try validate(#"{"prompt": "a cat"}"#)
        let input = request.input
        #expect(input.params.width == 512 && input.params.height == 512)
        #expect(input.params.steps == 30)
        #expect(input.params.n == 1)
        #expect(input.params.cfgScale == 5.0)
        #expect(input.params.samplerName == "k_euler_a")
        #expect(input.params.karras)
        #expect(input.nsfw && input.censorNsfw && input.slowWorkers && input.r2 && input.replacementFilter)
        #expect(!input.trustedWorkers && !input.validatedBackends && !input.shared && !input.dryRun)
        #expect(request.models == ["stable_diffusion"])
        #expect(input.sourceProcessing == "img2img")
    }

    @Test func controlNetDefaultsToTwentyStepsAndCapsAtForty() throws {
        let defaulted = try TestSupport.body(GenerationInputStable.self, #"{"prompt": "x", "params": {"control_type": "canny"}}"#)
        let capped = try TestSupport.body(
            GenerationInputStable.self, #"{"prompt": "x", "params": {"control_type": "canny", "steps": 90}}"#)
        #expect(defaulted.params.steps == 20)
        #expect(capped.params.steps == 40)
    }

    @Test func outOfRangeValuesAreAllReportedAtOnce() async {
        let error = await expectHordeError(.validationError) {
            _ = try validate(
                #"{"prompt": "x", "params": {"n": 21, "steps": 0, "width": 500, "height": 4096, "cfg_scale": 101, "sampler_name": "magic", "clip_skip": 13}}"#
            )
        }
        let errors = schemaErrors(error)
        for field in ["params.n", "params.steps", "params.width", "params.height", "params.cfg_scale",
            "params.sampler_name", "params.clip_skip"]
        {
            #expect(errors[field] != nil, "missing \(field) in \(errors)")
        }
    }

    @Test func emptyPromptIsMissingPrompt() async {
        await expectHordeError(.missingPrompt) { _ = try validate(#"{"prompt": "  "}"#) }
    }

    @Test func hugePromptsAreRefused() async {
        let prompt = Array(repeating: "word", count: 7501).joined(separator: " ")
        await expectHordeError(.invalidPromptSize) { _ = try validate(#"{"prompt": "\#(prompt)"}"#) }
    }

    @Test func cfgScaleWithThreeDecimalsIsRefused() async throws {
        await expectHordeError(.badCFGDecimals) { _ = try validate(#"{"prompt": "x", "params": {"cfg_scale": 7.125}}"#) }
        _ = try validate(#"{"prompt": "x", "params": {"cfg_scale": 7.25}}"#)
    }

    @Test func catalogueErrors() async {
        await expectHordeError(.tooManyUpscalers) {
            _ = try validate(#"{"prompt": "x", "params": {"post_processing": ["RealESRGAN_x4plus", "NMKD_Siax"]}}"#)
        }
        await expectHordeError(.validationError) {
            _ = try validate(#"{"prompt": "x", "params": {"post_processing": ["GFPGAN", "GFPGAN"]}}"#)
        }
        await expectHordeError(.validationError) {
            _ = try validate(#"{"prompt": "x", "params": {"post_processing": ["Sharpen"]}}"#)
        }
        let six = Array(repeating: #"{"name": "x"}"#, count: 6).joined(separator: ",")
        await expectHordeError(.tooManyLoras) { _ = try validate(#"{"prompt": "x", "params": {"loras": [\#(six)]}}"#) }
        await expectHordeError(.badLoraVersion) {
            _ = try validate(#"{"prompt": "x", "params": {"loras": [{"name": "abc", "is_version": true}]}}"#)
        }
        let many = Array(repeating: #"{"name": "x"}"#, count: 21).joined(separator: ",")
        await expectHordeError(.tooManyTIs) { _ = try validate(#"{"prompt": "x", "params": {"tis": [\#(many)]}}"#) }
        await expectHordeError(.missingExtraTexts) {
            _ = try validate(#"{"prompt": "x", "params": {"workflow": "qr_code"}}"#)
        }
        await expectHordeError(.invalidExtraTexts) {
            _ = try validate(#"{"prompt": "x", "params": {"extra_texts": [{"text": "t", "reference": "abc"}]}}"#)
        }
        await expectHordeError(.controlNetSourceMissing) {
            _ = try validate(#"{"prompt": "x", "params": {"control_type": "canny"}}"#)
        }
        await expectHordeError(.sourceMaskUnnecessary) { _ = try validate(#"{"prompt": "x", "source_mask": "abc"}"#) }
        await expectHordeError(.onlyServiceAccountProxy) { _ = try validate(#"{"prompt": "x", "proxied_account": "me"}"#) }
        await expectHordeError(.styleNotFound) { _ = try validate(#"{"prompt": "x", "style": "my style"}"#) }
    }

    @Test func disablingBatchingNeedsTrust() async throws {
        let json = #"{"prompt": "x", "disable_batching": true, "params": {"n": 4}}"#
        await expectHordeError(.requiresTrust) { _ = try validate(json) }
        _ = try validate(json, user: TestSupport.user(trusted: true))
        _ = try validate(#"{"prompt": "x", "disable_batching": true}"#)
    }

    @Test func deletedAccountsCannotGenerate() async {
        await expectHordeError(.deletedUser) { _ = try validate(#"{"prompt": "x"}"#, user: TestSupport.user(deleted: true)) }
    }

    @Test func webhooksMustBeHTTPSUnlessAllowed() async throws {
        let json = #"{"prompt": "x", "webhook": "http://127.0.0.1:9/hook"}"#
        let error = await expectHordeError(.validationError) { _ = try validate(json) }
        #expect(schemaErrors(error)["webhook"] != nil)
        _ = try validate(json, allowHTTP: true)
        _ = try validate(#"{"prompt": "x", "webhook": "https://example.com/hook"}"#)
        await expectHordeError(.validationError) { _ = try validate(#"{"prompt": "x", "webhook": "https://a"}"#) }
    }

    @Test func workerListsKeepFiveValidIds() async throws {
        let ids = (0..<7).map { _ in UUID() }
        let list = ids.map { "\"\($0.uuidString.lowercased())\"" }.joined(separator: ",")
        let request = try validate(#"{"prompt": "x", "workers": [\#(list)]}"#)
        #expect(request.workers == Array(ids.prefix(5)))
        let error = await expectHordeError(.validationError) { _ = try validate(#"{"prompt": "x", "workers": ["nope"]}"#) }
        #expect(schemaErrors(error)["workers.0"] != nil)
    }
}
