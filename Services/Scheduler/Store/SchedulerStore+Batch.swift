import Foundation
import Messages
import Postgres

extension SchedulerStore {
    /// Settles several submissions in one transaction, in the given order, so a batch pays for one commit instead
    /// of one per job. Each settles exactly as `settle(_:faultLimit:extendedExpiry:now:)` would (a job submitted
    /// twice in one batch is a replay the second time). The submissions are taken in request order, so two
    /// batches lock requests in the same order; any error rolls the whole batch back, and the caller settles its
    /// submissions one by one instead.
    func settle(batch submissions: [JobSubmitted], faultLimit: Int, extendedExpiry: Date, now: Date) async throws
        -> [SettleOutcome]
    {
        let order = submissions.indices.sorted { left, right in
            let a = submissions[left].requestId.uuidString
            let b = submissions[right].requestId.uuidString
            return a == b ? left < right : a < b
        }
        return try await pool.withTransaction { connection in
            let settler = SubmissionSettler(
                connection: connection, faultLimit: faultLimit, extendedExpiry: extendedExpiry, now: now)
            var outcomes = [SettleOutcome?](repeating: nil, count: submissions.count)
            for index in order {
                outcomes[index] = try await settler.settle(submissions[index])
            }
            return outcomes.map { $0 ?? .ignored(.unknownJob) }
        }
    }
}
