/// Why a waiting request was not handed to a popping worker: the keys of the API's `skipped` object.
package enum SkipReason: String, Sendable, CaseIterable, Hashable {
    /// The request is limited to (or excludes) specific workers.
    case workerId = "worker_id"
    /// The worker serves none of the request's models.
    case models
    /// The image is larger than the worker's max_pixels.
    case maxPixels = "max_pixels"
    /// The text is longer than the worker's max_length.
    case maxLength = "max_length"
    /// The context is larger than the worker's max_context_length.
    case maxContextLength = "max_context_length"
    /// The request may be NSFW and the worker refuses that.
    case nsfw
    /// The request wants trusted workers only.
    case untrusted
    /// The worker is too slow (or extra slow) for the request.
    case performance
    /// The prompt contains a word the worker refuses.
    case blacklist
    /// The worker's bridge lacks a needed capability.
    case bridgeVersion = "bridge_version"
    /// The requester lacks the upfront kudos the worker wants.
    case kudos
    /// The worker refuses img2img.
    case img2img
    /// The worker refuses inpainting.
    case painting
    /// The worker refuses post-processing.
    case postProcessing = "post-processing"
    /// The worker refuses LoRas.
    case lora
    /// The worker refuses ControlNet.
    case controlnet
    /// The request came from an unsafe IP.
    case unsafeIP = "unsafe_ip"
    /// Too many steps for the worker.
    case stepCount = "step_count"
    /// The worker lacks the requested soft prompt.
    case matchingSoftprompt = "matching_softprompt"
    /// Never reported (a paused or maintenance worker is not told whose requests it was kept from).
    case secret
}
