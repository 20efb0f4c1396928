/// `GenerationInputStable`: the body of `POST /v2/generate/async`, with the server's parser defaults (which
/// differ from the swagger defaults: `nsfw`, `censor_nsfw` true, `validated_backends` false, `models`
/// `["stable_diffusion"]`).
package struct GenerationInputStable: Decodable, Sendable, Equatable {
    /// The prompt; `###` separates the negative prompt. Required, min 1 character.
    package var prompt: String
    /// Generation parameters.
    package var params: ModelGenerationInputStable
    /// The request may produce NSFW images (only NSFW workers take it). Default: true.
    package var nsfw: Bool
    /// Only trusted workers. Default: false.
    package var trustedWorkers: Bool
    /// Only validated backends. Default: false.
    package var validatedBackends: Bool
    /// Slow workers allowed (false costs 20 % more). Default: true.
    package var slowWorkers: Bool
    /// Extra-slow workers allowed. Default: false.
    package var extraSlowWorkers: Bool
    /// SFW requests get a censored image if the worker generated NSFW. Default: true.
    package var censorNsfw: Bool
    /// Worker ids the request is limited to (or excluded from with `worker_blacklist`); only the first 5 count.
    package var workers: [String]
    /// `workers` is a deny list. Default: false.
    package var workerBlacklist: Bool
    /// Allowed models. Default: `["stable_diffusion"]`.
    package var models: [String]
    /// Base64 webp source image (img2img).
    package var sourceImage: String?
    /// `img2img`, `inpainting`, `outpainting` or `remix`. Default: `img2img`.
    package var sourceProcessing: String
    /// Base64 webp inpainting mask.
    package var sourceMask: String?
    /// Extra source images (remix).
    package var extraSourceImages: [ExtraSourceImage]?
    /// Deliver images through R2 links. Default: true.
    package var r2: Bool
    /// Share with LAION. Default: false.
    package var shared: Bool
    /// Sanitise suspicious prompts instead of refusing them. Default: true.
    package var replacementFilter: Bool
    /// Only price the request. Default: false.
    package var dryRun: Bool
    /// The proxied user of a service account.
    package var proxiedAccount: String?
    /// One image per pop. Default: false.
    package var disableBatching: Bool
    /// Shrink the request instead of requiring upfront kudos. Default: false.
    package var allowDowngrade: Bool
    /// URL to POST each finished image to (10–1024 characters).
    package var webhook: String?
    /// Style id or name (3–1024 characters).
    package var style: String?

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case prompt, params, nsfw
        case trustedWorkers = "trusted_workers"
        case validatedBackends = "validated_backends"
        case slowWorkers = "slow_workers"
        case extraSlowWorkers = "extra_slow_workers"
        case censorNsfw = "censor_nsfw"
        case workers
        case workerBlacklist = "worker_blacklist"
        case models
        case sourceImage = "source_image"
        case sourceProcessing = "source_processing"
        case sourceMask = "source_mask"
        case extraSourceImages = "extra_source_images"
        case r2, shared
        case replacementFilter = "replacement_filter"
        case dryRun = "dry_run"
        case proxiedAccount = "proxied_account"
        case disableBatching = "disable_batching"
        case allowDowngrade = "allow_downgrade"
        case webhook, style
    }

    /// Decodes with the parser defaults; a missing prompt is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try c.decode(String.self, forKey: .prompt)
        params = try c.decodeIfPresent(ModelGenerationInputStable.self, forKey: .params) ?? ModelGenerationInputStable()
        nsfw = try c.decodeIfPresent(Bool.self, forKey: .nsfw) ?? true
        trustedWorkers = try c.decodeIfPresent(Bool.self, forKey: .trustedWorkers) ?? false
        validatedBackends = try c.decodeIfPresent(Bool.self, forKey: .validatedBackends) ?? false
        slowWorkers = try c.decodeIfPresent(Bool.self, forKey: .slowWorkers) ?? true
        extraSlowWorkers = try c.decodeIfPresent(Bool.self, forKey: .extraSlowWorkers) ?? false
        censorNsfw = try c.decodeIfPresent(Bool.self, forKey: .censorNsfw) ?? true
        workers = try c.decodeIfPresent([String].self, forKey: .workers) ?? []
        workerBlacklist = try c.decodeIfPresent(Bool.self, forKey: .workerBlacklist) ?? false
        models = try c.decodeIfPresent([String].self, forKey: .models) ?? ["stable_diffusion"]
        sourceImage = try c.decodeIfPresent(String.self, forKey: .sourceImage)
        sourceProcessing = try c.decodeIfPresent(String.self, forKey: .sourceProcessing) ?? "img2img"
        sourceMask = try c.decodeIfPresent(String.self, forKey: .sourceMask)
        extraSourceImages = try c.decodeIfPresent([ExtraSourceImage].self, forKey: .extraSourceImages)
        r2 = try c.decodeIfPresent(Bool.self, forKey: .r2) ?? true
        shared = try c.decodeIfPresent(Bool.self, forKey: .shared) ?? false
        replacementFilter = try c.decodeIfPresent(Bool.self, forKey: .replacementFilter) ?? true
        dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
        proxiedAccount = try c.decodeIfPresent(String.self, forKey: .proxiedAccount)
        disableBatching = try c.decodeIfPresent(Bool.self, forKey: .disableBatching) ?? false
        allowDowngrade = try c.decodeIfPresent(Bool.self, forKey: .allowDowngrade) ?? false
        webhook = try c.decodeIfPresent(String.self, forKey: .webhook)
        style = try c.decodeIfPresent(String.self, forKey: .style)
    }

    /// The source-processing modes the API accepts.
    package static let sourceProcessingModes: Set<String> = ["img2img", "inpainting", "outpainting", "remix"]
}
