import Foundation
import Testing

@testable import Domain
@testable import Messages

/// The image and text capability criteria of HORDE_RULES 3.2/3.3 and their `skipped` keys.
@Suite struct PopMatcherCapabilityTests {
    static let regen = "AI Horde Worker reGen:13.0.0:x"

    static func request(
        _ params: [String: JSONValue] = [:], userId: Int = 5, models: [String] = ["stable_diffusion"],
        kind: RequestKind = .image
    ) -> RequestCreated {
        var payload: [String: JSONValue] = ["prompt": "a red fox", "sampler_name": "k_euler_a", "ddim_steps": 30]
        payload.merge(params) { _, new in new }
        return RequestCreated(
            requestId: UUID(), kind: kind, userId: userId, priority: 0, models: models, n: 1,
            payload: .object(payload), kudosPerJob: 10, costPerJob: 11, thingsPerJob: 1,
            pixels: kind == .image ? 512 * 512 : 0, jobTTLSeconds: 150, createdAt: Date(), expiresAt: Date() + 1200)
    }

    static func worker(
        bridge: String = regen, models: [String] = ["stable_diffusion"], kind: RequestKind = .image,
        configure: (inout WorkerProfile) -> Void = { _ in }
    ) -> WorkerProfile {
        var worker = WorkerProfile(
            workerId: UUID(), name: "w", ownerId: 9, kind: kind, models: models, bridgeAgent: bridge,
            maxPixels: 1024 * 1024)
        configure(&worker)
        return worker
    }

    static func reason(_ request: RequestCreated, _ worker: WorkerProfile) -> SkipReason? {
        PopMatcher(worker: worker).skipReason(request)
    }

    @Test func loraNeedsTheSwitchAndTheBridge() {
        let lora = Self.request(["loras": [["name": "123", "is_version": true]]])
        #expect(Self.reason(lora, Self.worker()) == .lora)
        #expect(Self.reason(lora, Self.worker { $0.allowLora = true }) == nil)
        #expect(Self.reason(lora, Self.worker(bridge: "AI Horde Worker:24:x") { $0.allowLora = true }) == .bridgeVersion)
        let byName = Self.request(["loras": [["name": "GlowingRunes"]]])
        #expect(Self.reason(byName, Self.worker(bridge: "AI Horde Worker:24:x") { $0.allowLora = true }) == nil)
        #expect(Self.reason(byName, Self.worker(bridge: "AI Horde Worker:21:x") { $0.allowLora = true }) == .bridgeVersion)
    }

    @Test func textualInversionsNeedTheBridge() {
        let tis = Self.request(["tis": [["name": "72437", "inject_ti": "negprompt"]]])
        #expect(Self.reason(tis, Self.worker()) == nil)
        #expect(Self.reason(tis, Self.worker(bridge: "AI Horde Worker:23:x")) == .bridgeVersion)
    }

    @Test func sourceImagesAndPainting() {
        var img2img = Self.request()
        img2img.sourceProcessing = "img2img"
        #expect(Self.reason(img2img, Self.worker()) == nil)
        #expect(Self.reason(img2img, Self.worker { $0.allowImg2Img = false }) == .img2img)
        var painting = Self.request(models: [])
        painting.sourceProcessing = "inpainting"
        #expect(Self.reason(painting, Self.worker { $0.allowPainting = false }) == .painting)
        #expect(Self.reason(painting, Self.worker()) == .models)
        #expect(Self.reason(painting, Self.worker(models: ["stable_diffusion_inpainting"])) == nil)
        // A worker serving only inpainting models gets no other work.
        #expect(Self.reason(Self.request(models: []), Self.worker(models: ["stable_diffusion_inpainting"])) == .models)
    }

    @Test func postProcessingControlNetAndSamplers() {
        let upscale = Self.request(["post_processing": ["RealESRGAN_x4plus"]])
        #expect(Self.reason(upscale, Self.worker { $0.allowPostProcessing = false }) == .postProcessing)
        #expect(Self.reason(upscale, Self.worker()) == nil)
        let newer = Self.request(["post_processing": ["4xNomos8kSC"]])
        #expect(Self.reason(newer, Self.worker(bridge: "AI Horde Worker reGen:9:x")) == .bridgeVersion)
        let control = Self.request(["control_type": "canny"])
        #expect(Self.reason(control, Self.worker()) == .controlnet)
        #expect(Self.reason(control, Self.worker { $0.allowControlNet = true }) == nil)
        let lcm = Self.request(["sampler_name": "lcm"])
        #expect(Self.reason(lcm, Self.worker(bridge: "AI Horde Worker:24:x")) == .bridgeVersion)
        let transparent = Self.request(["transparent": true])
        #expect(Self.reason(transparent, Self.worker()) == .controlnet)
        #expect(Self.reason(transparent, Self.worker { $0.allowSdxlControlNet = true }) == nil)
        let hires = Self.request(["hires_fix": true])
        #expect(Self.reason(hires, Self.worker(bridge: "SD-WebUI Stable Horde Worker Bridge:4:x")) == .bridgeVersion)
    }

    @Test func unknownBridgesCannotTakeR2Requests() {
        var r2 = Self.request()
        r2.r2 = true
        #expect(Self.reason(r2, Self.worker(bridge: "someone:1:x")) == .bridgeVersion)
        #expect(Self.reason(r2, Self.worker()) == nil)
    }

    @Test func fluxWorkersNeedTheFluxCapabilityForEveryJob() {
        let worker = Self.worker(bridge: "AI Horde Worker reGen:8:x", models: ["stable_diffusion", "Flux.1-Schnell"])
        #expect(Self.reason(Self.request(), worker) == .bridgeVersion)
    }

    @Test func unsafeIPsAndUpfrontKudos() {
        var unsafe = Self.request()
        unsafe.unsafeIP = true
        #expect(Self.reason(unsafe, Self.worker { $0.allowUnsafeIP = false }) == .unsafeIP)
        #expect(Self.reason(unsafe, Self.worker { $0.allowUnsafeIP = true }) == .untrusted)
        unsafe.requesterTrusted = true
        #expect(Self.reason(unsafe, Self.worker { $0.allowUnsafeIP = true }) == nil)

        var poor = Self.request(userId: 12)
        poor.requesterKudos = 5
        let picky = Self.worker { $0.requireUpfrontKudos = true }
        #expect(Self.reason(poor, picky) == .kudos)
        poor.requesterKudos = 10
        #expect(Self.reason(poor, picky) == nil)
        poor.requesterKudos = 0
        #expect(Self.reason(poor, Self.worker { $0.requireUpfrontKudos = true; $0.priorityUserIds = [12] }) == nil)
    }

    @Test func limitMaxStepsCountsAccurateSteps() {
        let limited = Self.worker { $0.limitMaxSteps = true }
        #expect(Self.reason(Self.request(["ddim_steps": 30]), limited) == nil)
        #expect(Self.reason(Self.request(["ddim_steps": 20, "sampler_name": "k_heun"]), limited) == .stepCount)
    }

    @Test func requestsNamingNoModelSkipSpecialWorkers() {
        #expect(Self.reason(Self.request(models: []), Self.worker(models: ["horde_special::x#1"])) == .models)
    }

    @Test func textValidatedBackendsAndSoftprompts() {
        var text = Self.request(["softprompt": "poet"], models: [], kind: .text)
        text.maxLength = 80
        text.maxContextLength = 1024
        let worker = Self.worker(bridge: "KoboldAI Client:1:x", models: ["m-7B"], kind: .text)
        #expect(Self.reason(text, worker) == .matchingSoftprompt)
        var offering = worker
        offering.softprompts = ["poet"]
        #expect(Self.reason(text, offering) == nil)
        text.validatedBackends = true
        #expect(Self.reason(text, offering) == .bridgeVersion)
        offering.bridgeAgent = "KoboldCppEmbedWorker:1:x"
        #expect(Self.reason(text, offering) == nil)
    }
}
