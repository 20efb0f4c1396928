/// Why a waiting request was not handed to a popping worker: the keys of the API's `skipped` object.
package enum SkipReason: String, Sendable, CaseIterable, Hashable {
    case workerId = "worker_id"
    case models
    case maxPixels = "max_pixels"
    case maxLength = "max_length"
    case maxContextLength = "max_context_length"
    case nsfw
    case untrusted
    case performance
    case blacklist
    case bridgeVersion = "bridge_version"
    case kudos
    case img2img
    case painting
    case postProcessing = "post-processing"
    case lora
    case controlnet
    case unsafeIP = "unsafe_ip"
    case stepCount = "step_count"
    case matchingSoftprompt = "matching_softprompt"
    /// Never reported (a paused or maintenance worker is not told whose requests it was kept from).
    case secret
}
