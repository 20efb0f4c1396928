/// What a request generates.
package enum RequestKind: String, Codable, Sendable, CaseIterable {
    case image, text
    /// An alchemy request: one job per form (caption, nsfw, post-processing…) on one source image.
    case interrogation
}

/// How a job ended, as the worker reported it.
package enum JobOutcome: String, Codable, Sendable {
    /// Delivered normally.
    case ok
    /// Delivered, but the worker's safety filter replaced the result.
    case censored
    /// Delivered and flagged as CSAM by the worker (handled as censored, recorded as a problem job).
    case csam
    /// The worker could not generate it; the slot returns to the queue.
    case faulted
}
