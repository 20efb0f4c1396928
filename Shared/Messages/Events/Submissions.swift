import Foundation

/// A worker finished (or gave up) one job. The result itself is already stored by the gateway under the job id;
/// this message carries only what the scheduler needs to settle the job.
package struct JobSubmitted: Codable, Sendable, Equatable {
    package var jobId: UUID
    package var requestId: UUID
    package var workerId: UUID
    package var outcome: JobOutcome
    package var seed: String?
    /// Text jobs: tokens delivered (for pricing); nil for images.
    package var tokens: Int?
    package var submittedAt: Date

    package init(
        jobId: UUID, requestId: UUID, workerId: UUID, outcome: JobOutcome, seed: String? = nil, tokens: Int? = nil,
        submittedAt: Date
    ) {
        self.jobId = jobId
        self.requestId = requestId
        self.workerId = workerId
        self.outcome = outcome
        self.seed = seed
        self.tokens = tokens
        self.submittedAt = submittedAt
    }
}

/// Messages on `Topics.submissions`.
package enum SubmissionMessage: EnvelopePayload, Equatable {
    case submitted(JobSubmitted)

    package var messageType: String { "job.submitted" }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .submitted(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        guard messageType == "job.submitted" else { throw WireError.unknownType(messageType) }
        self = .submitted(try Self.decodeValue(JobSubmitted.self, from: decoder))
    }
}
