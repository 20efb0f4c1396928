import Domain

/// What one pop found in the index: requests it may take, best first, and why the others were passed over.
struct CandidateScan: Sendable {
    /// Requests the worker may take, best first.
    var candidates: [QueuedRequest] = []
    /// Requests passed over, per reason.
    var skipped = SkippedCounts()
    /// Requests looked at (matching or not).
    var examined = 0
}
