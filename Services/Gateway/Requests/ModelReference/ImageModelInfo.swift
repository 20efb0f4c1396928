/// What the image model reference says about one model: its family (for pricing and job TTLs) and the
/// settings it is known to need (which only produce warnings on a request).
struct ImageModelInfo: Sendable, Equatable {
    /// The model name as workers advertise it.
    var name: String
    /// The model family, normalised to the pricing names (`stable_diffusion_1`, `stable_diffusion_xl`, `flux_1`, …).
    var baseline: String
    /// Whether the model is meant for adult content.
    var nsfw: Bool
    /// Step, cfg, clip-skip, sampler and scheduler requirements; empty when the reference lists none.
    var requirements: Requirements

    /// The `requirements` object of a reference entry.
    struct Requirements: Sendable, Equatable {
        /// Fewest steps the model works with.
        var minSteps: Int?
        /// Most steps worth running.
        var maxSteps: Int?
        /// The one cfg scale the model expects.
        var cfgScale: Double?
        /// Lowest usable cfg scale.
        var minCfgScale: Double?
        /// Highest usable cfg scale.
        var maxCfgScale: Double?
        /// The clip skip the model expects.
        var clipSkip: Int?
        /// Samplers the model works with.
        var samplers: [String]?
        /// Schedulers the model works with (`karras` or `simple`).
        var schedulers: [String]?

        /// No requirements.
        init(
            minSteps: Int? = nil, maxSteps: Int? = nil, cfgScale: Double? = nil, minCfgScale: Double? = nil,
            maxCfgScale: Double? = nil, clipSkip: Int? = nil, samplers: [String]? = nil, schedulers: [String]? = nil
        ) {
            self.minSteps = minSteps
            self.maxSteps = maxSteps
            self.cfgScale = cfgScale
            self.minCfgScale = minCfgScale
            self.maxCfgScale = maxCfgScale
            self.clipSkip = clipSkip
            self.samplers = samplers
            self.schedulers = schedulers
        }
    }
}
