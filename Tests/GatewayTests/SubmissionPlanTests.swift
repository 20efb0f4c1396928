import Foundation
import Messages
import ServiceKit
import Testing

@testable import Gateway

@Suite("Submits: job checks, image checks, outcomes and rewards")
struct SubmissionPlanTests {
    static let pngBase64 = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 73, 72, 68, 82])
        .base64EncodedString()
    static let webpBase64 = Data(Array("RIFF".utf8) + [40, 0, 0, 0] + Array("WEBPVP8 ".utf8)).base64EncodedString()

    private func job(state: String = "processing", owner: Int = 7, kind: RequestKind = .image) -> JobRecord {
        JobRecord(
            id: UUID(), requestId: UUID(), kind: kind, workerId: UUID(), workerName: "w", workerOwnerId: owner,
            bridgeAgent: "horde-worker:1.0.0:local", model: "koboldcpp/Test-13B", state: state, seed: "99",
            requestKudos: 6.5, requestExpiresAt: Date().addingTimeInterval(600), promptCharacters: 400, maxLength: 80)
    }

    @Test func jobChecksUseTheCataloguedCodes() async throws {
        let user = TestSupport.user(id: 7)
        await expectHordeError(.invalidJobID) { _ = try SubmissionPlan.requireSubmittable(nil, kind: .image, user: user) }
        await expectHordeError(.invalidJobID) {
            _ = try SubmissionPlan.requireSubmittable(job(kind: .text), kind: .image, user: user)
        }
        await expectHordeError(.wrongCredentials) {
            _ = try SubmissionPlan.requireSubmittable(job(owner: 8), kind: .image, user: user)
        }
        await expectHordeError(.duplicateGen) {
            _ = try SubmissionPlan.requireSubmittable(job(state: "done"), kind: .image, user: user)
        }
        await expectHordeError(.abortedGen) {
            _ = try SubmissionPlan.requireSubmittable(job(state: "timed_out"), kind: .image, user: user)
        }
        await expectHordeError(.abortedGen) {
            _ = try SubmissionPlan.requireSubmittable(job(state: "faulted"), kind: .image, user: user)
        }
        _ = try SubmissionPlan.requireSubmittable(job(), kind: .image, user: user)
    }

    @Test func imagesMustBeBase64PNGOrWebP() {
        #expect(GenerationImageCheck.contentType(ofBase64: Self.pngBase64) == "image/png")
        #expect(GenerationImageCheck.contentType(ofBase64: Self.webpBase64) == "image/webp")
        #expect(GenerationImageCheck.contentType(ofBase64: "R2") == nil)
        #expect(GenerationImageCheck.contentType(ofBase64: "not base64 at all!") == nil)
        #expect(GenerationImageCheck.contentType(ofBase64: Data("GIF89a-------".utf8).base64EncodedString()) == nil)
    }

    @Test func anImageSubmitIsPaidTheJobsReward() async throws {
        let input = try TestSupport.body(
            SubmitInputStable.self, #"{"id": "x", "generation": "\#(Self.pngBase64)", "seed": 1234}"#)
        let plan = try SubmissionPlan.image(input, job: job())
        #expect(plan.outcome == .ok)
        #expect(plan.reward == 6.5)
        #expect(plan.seed == "1234")
        #expect(plan.contentType == "image/png")
        let bad = try TestSupport.body(SubmitInputStable.self, #"{"id": "x", "generation": "R2", "seed": 1}"#)
        await expectHordeError(.badRequest) { _ = try SubmissionPlan.image(bad, job: job()) }
    }

    @Test func faultedSubmitsNeedNoImageAndEarnNothing() throws {
        let input = try TestSupport.body(SubmitInputStable.self, #"{"id": "x", "state": "faulted", "seed": 1}"#)
        let plan = try SubmissionPlan.image(input, job: job())
        #expect(plan.outcome == .faulted)
        #expect(plan.reward == 0)
    }

    @Test func censorshipIsReadFromTheMetadata() {
        #expect(SubmissionPlan.outcome(state: "ok", metadata: [.init(type: "censorship", value: "nsfw")]) == .censored)
        #expect(SubmissionPlan.outcome(state: "ok", metadata: [.init(type: "censorship", value: "csam")]) == .csam)
        #expect(SubmissionPlan.outcome(state: "censored", metadata: []) == .censored)
        #expect(SubmissionPlan.outcome(state: "faulted", metadata: [.init(type: "censorship", value: "csam")]) == .faulted)
        #expect(SubmissionPlan.outcome(state: "ok", metadata: [.init(type: "lora", value: "download_failed")]) == .ok)
    }

    @Test func badStatesAndMetadataAreSchemaErrors() async throws {
        let state = try TestSupport.body(SubmitInputStable.self, #"{"id": "x", "state": "great", "seed": 1}"#)
        await expectHordeError(.validationError) { _ = try SubmissionPlan.image(state, job: job()) }
        let metadata = try TestSupport.body(
            SubmitInputStable.self,
            #"{"id": "x", "state": "faulted", "gen_metadata": [{"type": "mood", "value": "nsfw"}]}"#)
        await expectHordeError(.validationError) { _ = try SubmissionPlan.image(metadata, job: job()) }
    }

    @Test func textRewardsComeFromTheDeliveredTokens() async throws {
        let text = String(repeating: "word ", count: 80)  // 400 characters → 100 tokens, capped at 80
        let input = try TestSupport.body(SubmitInputKobold.self, #"{"id": "x", "generation": "\#(text)"}"#)
        let plan = try SubmissionPlan.text(input, job: job(kind: .text), owner: TestSupport.user())
        #expect(plan.tokens == 80)
        #expect(plan.reward > 0)
        let missing = try TestSupport.body(SubmitInputKobold.self, #"{"id": "x"}"#)
        await expectHordeError(.validationError) {
            _ = try SubmissionPlan.text(missing, job: job(kind: .text), owner: TestSupport.user())
        }
    }
}
