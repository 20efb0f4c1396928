import Foundation
import Messages

extension PopMatcher {
    /// Image capability checks (HORDE_RULES 3.2): the worker's switches first (counted under the switch's name),
    /// then the bridge's capabilities (counted as `bridge_version`).
    func imageSkipReason(_ request: RequestCreated) -> SkipReason? {
        let payload = request.payload
        let has = capabilities.has
        let processing = request.sourceProcessing
        let painting = processing == "inpainting" || processing == "outpainting"
        if painting {
            if !worker.allowPainting { return .painting }
            if !has("inpainting") { return .bridgeVersion }
            if !servesInpainting { return .models }
        } else {
            if inpaintingOnly { return .models }
            if processing != nil {
                if !worker.allowImg2Img { return .img2img }
                if !has("img2img") { return .bridgeVersion }
            }
        }
        if (request.extraSourceImages ?? 0) > 0 && !has("extra_source_images") { return .bridgeVersion }
        if request.r2 == true && !has("r2") { return .bridgeVersion }
        if let reason = loraSkipReason(payload) { return reason }
        if !(payload["tis"]?.arrayValue ?? []).isEmpty && !has("textual_inversion") { return .bridgeVersion }
        if let reason = controlSkipReason(payload) { return reason }
        let postProcessors = payload["post_processing"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if !postProcessors.isEmpty {
            if !worker.allowPostProcessing { return .postProcessing }
            if !has("post-processing") || !postProcessors.allSatisfy(has) { return .bridgeVersion }
        }
        let karras = payload["karras"]?.boolValue ?? true
        if let sampler = payload["sampler_name"]?.stringValue, !capabilities.supports(sampler: sampler, karras: karras)
        {
            return .bridgeVersion
        }
        if payload["tiling"]?.boolValue == true && !has("tiling") { return .bridgeVersion }
        if payload["return_control_map"]?.boolValue == true && !has("return_control_map") { return .bridgeVersion }
        let hiresFix = payload["hires_fix"]?.boolValue == true
        if hiresFix && !has("hires_fix") { return .bridgeVersion }
        if hiresFix && servesStableCascade && !has("stable_cascade_2pass") { return .bridgeVersion }
        if (payload["clip_skip"]?.intValue ?? 1) > 1 && !has("clip_skip") { return .bridgeVersion }
        if servesFlux && !has("flux") { return .bridgeVersion }
        if worker.limitMaxSteps == true && Self.accurateSteps(payload) > Self.stepLimit { return .stepCount }
        return nil
    }

    /// LoRas need the worker's switch and the bridge's `lora`; version ids need `lora_versions`.
    func loraSkipReason(_ payload: JSONValue) -> SkipReason? {
        let loras = payload["loras"]?.arrayValue ?? []
        guard !loras.isEmpty else { return nil }
        if !worker.allowLora { return .lora }
        if !capabilities.has("lora") { return .bridgeVersion }
        if loras.contains(where: { $0["is_version"]?.boolValue == true }) && !capabilities.has("lora_versions") {
            return .bridgeVersion
        }
        return nil
    }

    /// ControlNet, the QR-code workflow and transparency.
    func controlSkipReason(_ payload: JSONValue) -> SkipReason? {
        let has = capabilities.has
        let sdxlControl = worker.allowSdxlControlNet == true
        if let control = payload["control_type"]?.stringValue, !control.isEmpty {
            if !worker.allowControlNet { return .controlnet }
            if !has("controlnet") || !has("image_is_control") { return .bridgeVersion }
        }
        if payload["workflow"]?.stringValue == "qr_code" {
            if !has("controlnet") || !has("qr_code") { return .bridgeVersion }
            if servesSDXL && !sdxlControl { return .controlnet }
        }
        if payload["transparent"]?.boolValue == true {
            if !has("layer_diffuse") { return .bridgeVersion }
            if !sdxlControl { return .controlnet }
        }
        return nil
    }

    /// `limit_max_steps` workers skip requests above the average of the default min (20) and max (40) steps.
    static let stepLimit = 30

    /// Steps as the worker runs them (doubled for second-order samplers, 40 for k_dpm_adaptive).
    static func accurateSteps(_ payload: JSONValue) -> Int {
        let spec = ImageJobSpec(
            steps: payload["ddim_steps"]?.intValue ?? payload["steps"]?.intValue ?? 30,
            sampler: payload["sampler_name"]?.stringValue ?? "k_euler_a")
        return spec.accurateSteps
    }
}
