import Foundation
import Messages
import Postgres

/// One `scheduler.jobs` row.
struct JobRow: Sendable {
    /// The job id.
    var id: UUID
    /// The request it belongs to.
    var requestId: UUID
    /// Image or text.
    var kind: RequestKind
    /// The worker it was handed to.
    var workerId: UUID
    /// That worker's name.
    var workerName: String
    /// The user owning that worker (paid for the job).
    var workerOwnerId: Int
    /// Whether the owner was trusted at pop time (text rewards).
    var workerOwnerTrusted: Bool
    /// The worker's bridge agent at pop time (reward factor).
    var bridgeAgent: String
    /// The model the job runs.
    var model: String
    /// Its place in the pop's batch.
    var batchIndex: Int
    /// `processing`, `done`, `faulted` or `timed_out`.
    var state: String
    /// How the worker reported it, once settled.
    var outcome: JobOutcome?
    /// The seed handed out (images).
    var seed: String?
    /// The pop that created it.
    var popId: UUID
    /// When it was handed out.
    var startedAt: Date
    /// When it times out.
    var deadlineAt: Date
    /// When it was settled or timed out.
    var finishedAt: Date?
    /// Kudos charged to the requester.
    var cost: Double?
    /// Kudos the worker earned after the bridge factor.
    var reward: Double?
    /// The reward before the bridge factor.
    var rewardBeforeBridge: Double?
    /// Pixelsteps or tokens generated.
    var things: Double?
    /// True when settling it finished the request.
    var finishedRequest: Bool

    /// The columns `init(row:)` reads.
    static let columns = columns(of: nil)

    /// `columns`, each qualified with a table alias (for joins).
    static func columns(of alias: String?) -> String {
        [
            "id", "request_id", "kind", "worker_id", "worker_name", "worker_owner_id", "worker_owner_trusted",
            "bridge_agent", "model", "batch_index", "state", "outcome", "seed", "pop_id", "started_at", "deadline_at",
            "finished_at", "cost", "reward", "reward_before_bridge", "things", "finished_request",
        ].map { column in alias.map { "\($0).\(column)" } ?? column }.joined(separator: ", ")
    }

    /// Reads a row of `JobRow.columns`.
    init(row: PostgresRow) throws {
        id = try row.decode("id", as: UUID.self)
        requestId = try row.decode("request_id", as: UUID.self)
        let kindText = try row.decode("kind", as: String.self)
        guard let kind = RequestKind(rawValue: kindText) else {
            throw SchedulerStoreError.corruptRow("job kind \(kindText)")
        }
        self.kind = kind
        workerId = try row.decode("worker_id", as: UUID.self)
        workerName = try row.decode("worker_name", as: String.self)
        workerOwnerId = try row.decode("worker_owner_id", as: Int.self)
        workerOwnerTrusted = try row.decode("worker_owner_trusted", as: Bool.self)
        bridgeAgent = try row.decode("bridge_agent", as: String.self)
        model = try row.decode("model", as: String.self)
        batchIndex = try row.decode("batch_index", as: Int.self)
        state = try row.decode("state", as: String.self)
        outcome = try row.decode("outcome", as: String?.self).flatMap(JobOutcome.init(rawValue:))
        seed = try row.decode("seed", as: String?.self)
        popId = try row.decode("pop_id", as: UUID.self)
        startedAt = try row.decode("started_at", as: Date.self)
        deadlineAt = try row.decode("deadline_at", as: Date.self)
        finishedAt = try row.decode("finished_at", as: Date?.self)
        cost = try row.decode("cost", as: Double?.self)
        reward = try row.decode("reward", as: Double?.self)
        rewardBeforeBridge = try row.decode("reward_before_bridge", as: Double?.self)
        things = try row.decode("things", as: Double?.self)
        finishedRequest = try row.decode("finished_request", as: Bool.self)
    }

    /// The seconds the job was allowed (the pop's `ttl`).
    var ttlSeconds: Int { max(1, Int((deadlineAt.timeIntervalSince(startedAt)).rounded())) }
}

/// Rows the scheduler wrote but cannot read back (a bug or a manual edit): the message is skipped and counted.
enum SchedulerStoreError: Error, CustomStringConvertible {
    /// A row that cannot be read back.
    case corruptRow(String)

    /// What is wrong, for logs.
    var description: String {
        switch self {
        case .corruptRow(let what): "corrupt scheduler row: \(what)"
        }
    }
}
