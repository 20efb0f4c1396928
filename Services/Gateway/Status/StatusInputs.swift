import Foundation
import Messages

/// What the status of one request is computed from: the gateway's request row, the scheduler's request row (nil
/// until the scheduler consumed the request) and its jobs counted by state.
struct StatusInputs: Sendable, Equatable {
    /// Image or text.
    var kind: RequestKind
    /// Jobs requested.
    var n: Int
    /// When the gateway considers the request expired.
    var expiresAt: Date
    /// The scheduler's row; nil until the scheduler consumed the request.
    var scheduler: SchedulerState?
    /// The request's jobs by state.
    var jobs: JobCounts
    /// The models the request accepts (empty: any).
    var models: [String] = []

    /// The scheduler's view of the request.
    struct SchedulerState: Sendable, Equatable {
        /// `waiting`, `done`, `faulted`, `cancelled` or `expired`.
        var state: String
        var nWaiting: Int
        var expiresAt: Date?
    }

    /// The request's jobs by state, and what the delivered ones cost.
    struct JobCounts: Sendable, Equatable {
        var processing = 0
        var done = 0
        var faulted = 0
        var timedOut = 0
        /// Kudos charged for the delivered jobs.
        var doneCost: Double = 0
    }
}

/// One stored generation, as the full statuses list it.
struct StoredGeneration: Sendable, Equatable {
    /// The job this generation delivered.
    var jobId: UUID
    /// The worker that generated it.
    var workerId: UUID
    /// The worker's name.
    var workerName: String
    /// The model used.
    var model: String
    /// The seed the worker reported.
    var seed: String
    /// `ok`, `censored` or `csam` (faulted jobs are not listed).
    var state: String
    /// The base64 image or the text.
    var result: String
    /// The worker's notes.
    var genMetadata: [GenerationMetadataStable]
}
