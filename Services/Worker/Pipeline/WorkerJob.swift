import Foundation
import HordeCore
import Messages

/// Jobs handed out by one pop: one or more jobs (a batch) of one request, however they arrived.
struct WorkerJob: Sendable {
    /// Image or text.
    var kind: RequestKind
    /// One id per image or text, in batch order.
    var jobIds: [String]
    /// The model to run.
    var model: String
    /// What to generate: the request's parameters, prompt and per-pop fields (seed, n_iter).
    var payload: JSONValue
    /// Seconds the gateway gives before it restarts the jobs elsewhere, when it said.
    var ttlSeconds: Int?
    /// Presigned upload URLs, one per job id, when the gateway wants results PUT there.
    var uploadURLs: [String]

    /// A job with the given fields.
    init(kind: RequestKind, jobIds: [String], model: String, payload: JSONValue, ttlSeconds: Int?, uploadURLs: [String] = []) {
        self.kind = kind
        self.jobIds = jobIds
        self.model = model
        self.payload = payload
        self.ttlSeconds = ttlSeconds
        self.uploadURLs = uploadURLs
    }

    /// A job from an HTTP pop answer; nil when the answer holds no job.
    init?(kind: RequestKind, response: PopResponseBody, fallbackModel: String) {
        guard var payload = response.payload, !response.jobIds.isEmpty else { return nil }
        // Backends read the job's sources from the payload, where in-cluster assignments would carry them.
        if case .object(var object) = payload, !response.sources.isEmpty {
            object.merge(response.sources) { inPayload, _ in inPayload }
            payload = .object(object)
        }
        let uploads = !response.r2Uploads.isEmpty ? response.r2Uploads : (response.r2Upload.map { [$0] } ?? [])
        self.init(
            kind: kind, jobIds: response.jobIds, model: response.model ?? fallbackModel, payload: payload,
            ttlSeconds: response.ttl, uploadURLs: uploads)
    }

    /// A job from the scheduler's assignment on the worker-jobs topic.
    init(assignment: JobAssignment) {
        self.init(
            kind: assignment.kind, jobIds: assignment.jobIds.map { $0.uuidString.lowercased() }, model: assignment.model,
            payload: assignment.payload, ttlSeconds: assignment.ttlSeconds)
    }

    /// The seed used when the payload has none: stable for the job, so a retry renders the same result.
    var fallbackSeed: UInt64 {
        let digest = SHA256.hash(Array((jobIds.first ?? "").utf8))
        return digest.prefix(4).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
    }
}
