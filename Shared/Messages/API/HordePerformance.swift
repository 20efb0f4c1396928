/// `HordePerformance`: queue and worker totals (`GET /v2/status/performance`).
package struct HordePerformance: Codable, Sendable, Equatable {
    /// Image requests waiting or processing.
    package var queuedRequests: Int = 0
    /// Text requests waiting or processing.
    package var queuedTextRequests: Int = 0
    /// Image workers active in the last 5 minutes.
    package var workerCount: Int = 0
    /// Text workers active in the last 5 minutes.
    package var textWorkerCount: Int = 0
    /// Threads of those image workers.
    package var threadCount: Int = 0
    /// Threads of those text workers.
    package var textThreadCount: Int = 0
    /// Megapixelsteps waiting or processing.
    package var queuedMegapixelsteps: Double = 0
    /// Megapixelsteps generated in the last minute.
    package var pastMinuteMegapixelsteps: Double = 0
    /// Interrogation forms waiting or processing.
    package var queuedForms: Double = 0
    /// Interrogation workers active in the last 5 minutes.
    package var interrogatorCount: Int = 0
    /// Threads of those interrogation workers.
    package var interrogatorThreadCount: Int = 0
    /// Tokens waiting or processing.
    package var queuedTokens: Double = 0
    /// Tokens generated in the last minute.
    package var pastMinuteTokens: Double = 0

    /// All zero.
    package init() {}

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case queuedRequests = "queued_requests"
        case queuedTextRequests = "queued_text_requests"
        case workerCount = "worker_count"
        case textWorkerCount = "text_worker_count"
        case threadCount = "thread_count"
        case textThreadCount = "text_thread_count"
        case queuedMegapixelsteps = "queued_megapixelsteps"
        case pastMinuteMegapixelsteps = "past_minute_megapixelsteps"
        case queuedForms = "queued_forms"
        case interrogatorCount = "interrogator_count"
        case interrogatorThreadCount = "interrogator_thread_count"
        case queuedTokens = "queued_tokens"
        case pastMinuteTokens = "past_minute_tokens"
    }
}
