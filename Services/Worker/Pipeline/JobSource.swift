import Messages

/// What one pop brought.
enum PopResult: Sendable {
    /// Jobs to run.
    case job(WorkerJob)
    /// Nothing matched; the gateway's reasons, counted per reason.
    case idle(skipped: [String: Int])
}

/// Where jobs come from: the gateway's HTTP pop (external mode) or the scheduler over Kafka (in-cluster mode).
/// The rest of the pipeline (generate, submit, back-off, shutdown) is the same for both.
protocol JobSource: Sendable {
    /// Asks once for work for `lane`. Throws when the ask failed (the lane backs off).
    func pop(for lane: WorkerLane) async throws -> PopResult
    /// How long a lane pauses after a pop that found nothing.
    var idleDelay: Duration { get }
    /// Jobs that reached this worker outside any pop it still waits on (a reply that arrived after the pop timed
    /// out). The pipeline runs them like any other; at shutdown it gives them back.
    func takeStrayJob(kind: RequestKind) -> WorkerJob?
}

extension JobSource {
    /// Sources without strays have none.
    func takeStrayJob(kind: RequestKind) -> WorkerJob? { nil }
}
