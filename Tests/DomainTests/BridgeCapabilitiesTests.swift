import Testing

@testable import Domain

@Suite struct BridgeCapabilitiesTests {
    @Test func reGenGainsCapabilitiesWithItsVersion() {
        let v1 = BridgeCapabilities(bridgeAgent: "AI Horde Worker reGen:1.0.0:https://example.org")
        #expect(v1.has("img2img") && v1.has("r2") && v1.has("post-processing"))
        #expect(!v1.has("lora"))
        // A reGen v1 worker matches no sampler.
        #expect(!v1.supports(sampler: "k_euler_a", karras: true))
        let v3 = BridgeCapabilities(bridgeAgent: "AI Horde Worker reGen:3.2.1:x")
        #expect(v3.has("lora") && v3.has("lora_versions") && v3.has("textual_inversion"))
        #expect(!v3.has("extra_source_images") && !v3.has("flux"))
        #expect(v3.supports(sampler: "lcm", karras: true))
        let v13 = BridgeCapabilities(bridgeAgent: "AI Horde Worker reGen:13.0:x")
        #expect(v13.has("flux") && v13.has("RestoreFormer") && v13.has("qr_code") && v13.has("layer_diffuse"))
    }

    @Test func legacyWorkerSamplersDependOnKarras() {
        let v17 = BridgeCapabilities(bridgeAgent: "AI Horde Worker:17:x")
        #expect(v17.supports(sampler: "DDIM", karras: false))
        #expect(!v17.supports(sampler: "DDIM", karras: true))
        #expect(v17.supports(sampler: "k_dpmpp_sde", karras: true))
        #expect(!v17.has("lora"))
        let v24 = BridgeCapabilities(bridgeAgent: "AI Horde Worker:24:x")
        #expect(v24.has("lora") && v24.has("textual_inversion") && !v24.has("lora_versions"))
        let v11 = BridgeCapabilities(bridgeAgent: "AI Horde Worker:11:x")
        #expect(!v11.supports(sampler: "k_dpmpp_sde", karras: false))
    }

    @Test func webBridgesAndUnknownSoftware() {
        let webUI = BridgeCapabilities(bridgeAgent: "SD-WebUI Stable Horde Worker Bridge:4:x")
        #expect(webUI.has("clip_skip") && !webUI.has("img2img"))
        #expect(webUI.supports(sampler: "plms", karras: false) && !webUI.supports(sampler: "plms", karras: true))
        let autoWeb = BridgeCapabilities(bridgeAgent: "HordeAutoWebBridge:1:x")
        #expect(autoWeb.supports(sampler: "k_euler", karras: false) && !autoWeb.supports(sampler: "k_euler", karras: true))
        let unknown = BridgeCapabilities(bridgeAgent: "my-own-bridge:99:x")
        #expect(unknown.features.isEmpty)
        #expect(unknown.supports(sampler: "k_euler_a", karras: true))
        #expect(!unknown.supports(sampler: "DDIM", karras: true))
    }
}
