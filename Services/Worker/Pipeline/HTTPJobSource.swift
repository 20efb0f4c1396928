import Messages

/// External mode: jobs from the gateway's `POST /generate/pop` and `/generate/text/pop`.
struct HTTPJobSource: JobSource {
    /// The gateway client.
    let api: HordeAPIClient
    /// Pause after an empty pop (Default: 1 s), as the reference workers do.
    let idleDelay: Duration

    /// A source popping through `api`.
    init(api: HordeAPIClient, idleDelay: Duration = .seconds(1)) {
        self.api = api
        self.idleDelay = idleDelay
    }

    /// One HTTP pop with the lane's body.
    func pop(for lane: WorkerLane) async throws -> PopResult {
        let response = try await api.pop(lane.kind, lane.popBody)
        guard let job = WorkerJob(kind: lane.kind, response: response, fallbackModel: lane.models.first ?? "") else {
            return .idle(skipped: response.skipped)
        }
        return .job(job)
    }
}
