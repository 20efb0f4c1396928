/// `GenerationInputKobold`: the body of `POST /v2/generate/text/async`, with the server's parser defaults
/// (`models` empty, `validated_backends` false, `nsfw` true).
package struct GenerationInputKobold: Decodable, Sendable, Equatable {
    /// The prompt. Required, min 1 character.
    package var prompt: String
    /// Generation parameters.
    package var params: ModelGenerationInputKobold
    /// Soft prompt the worker must offer (min 1 character).
    package var softprompt: String?
    /// Only trusted workers. Default: false.
    package var trustedWorkers: Bool
    /// Only validated backends. Default: false.
    package var validatedBackends: Bool
    /// Slow workers allowed. Default: true.
    package var slowWorkers: Bool
    /// Extra-slow workers allowed. Default: false.
    package var extraSlowWorkers: Bool
    /// The request may produce NSFW text. Default: true.
    package var nsfw: Bool
    /// Worker ids the request is limited to (or excluded from with `worker_blacklist`).
    package var workers: [String]
    /// `workers` is a deny list. Default: false.
    package var workerBlacklist: Bool
    /// Allowed models; empty means any. Default: empty.
    package var models: [String]
    /// Only price the request. Default: false.
    package var dryRun: Bool
    /// The proxied user of a service account.
    package var proxiedAccount: String?
    /// Extra source images (not allowed on text requests).
    package var extraSourceImages: [ExtraSourceImage]?
    /// One text per pop. Default: false.
    package var disableBatching: Bool
    /// Shrink the request instead of requiring upfront kudos. Default: false.
    package var allowDowngrade: Bool
    /// URL to POST each finished text to.
    package var webhook: String?
    /// Style id or name (3–1024 characters).
    package var style: String?

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case prompt, params, softprompt
        case trustedWorkers = "trusted_workers"
        case validatedBackends = "validated_backends"
        case slowWorkers = "slow_workers"
        case extraSlowWorkers = "extra_slow_workers"
        case nsfw, workers
        case workerBlacklist = "worker_blacklist"
        case models
        case dryRun = "dry_run"
        case proxiedAccount = "proxied_account"
        case extraSourceImages = "extra_source_images"
        case disableBatching = "disable_batching"
        case allowDowngrade = "allow_downgrade"
        case webhook, style
    }

    /// Decodes with the parser defaults; a missing prompt is a schema error.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        prompt = try c.decode(String.self, forKey: .prompt)
        params = try c.decodeIfPresent(ModelGenerationInputKobold.self, forKey: .params) ?? ModelGenerationInputKobold()
        softprompt = try c.decodeIfPresent(String.self, forKey: .softprompt)
        trustedWorkers = try c.decodeIfPresent(Bool.self, forKey: .trustedWorkers) ?? false
        validatedBackends = try c.decodeIfPresent(Bool.self, forKey: .validatedBackends) ?? false
        slowWorkers = try c.decodeIfPresent(Bool.self, forKey: .slowWorkers) ?? true
        extraSlowWorkers = try c.decodeIfPresent(Bool.self, forKey: .extraSlowWorkers) ?? false
        nsfw = try c.decodeIfPresent(Bool.self, forKey: .nsfw) ?? true
        workers = try c.decodeIfPresent([String].self, forKey: .workers) ?? []
        workerBlacklist = try c.decodeIfPresent(Bool.self, forKey: .workerBlacklist) ?? false
        models = try c.decodeIfPresent([String].self, forKey: .models) ?? []
        dryRun = try c.decodeIfPresent(Bool.self, forKey: .dryRun) ?? false
        proxiedAccount = try c.decodeIfPresent(String.self, forKey: .proxiedAccount)
        extraSourceImages = try c.decodeIfPresent([ExtraSourceImage].self, forKey: .extraSourceImages)
        disableBatching = try c.decodeIfPresent(Bool.self, forKey: .disableBatching) ?? false
        allowDowngrade = try c.decodeIfPresent(Bool.self, forKey: .allowDowngrade) ?? false
        webhook = try c.decodeIfPresent(String.self, forKey: .webhook)
        style = try c.decodeIfPresent(String.self, forKey: .style)
    }
}
