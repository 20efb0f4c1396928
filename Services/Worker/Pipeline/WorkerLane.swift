import Foundation
import Messages

/// One kind of work this process does, under its own worker name: what it pops with and what it declares.
struct WorkerLane: Sendable {
    /// What this lane generates.
    var kind: RequestKind
    /// The worker's name on the horde (unique across kinds, so each kind gets its own).
    var name: String
    /// The id every service derives from the name (`WorkerIdentity`).
    var workerId: UUID
    /// Models served for this kind.
    var models: [String]
    /// The HTTP pop body (external mode).
    var popBody: PopRequestBody
    /// What the scheduler matches on (in-cluster mode).
    var profile: WorkerProfile

    /// The address in-cluster pop replies carry for this lane.
    var replyAddress: String { workerId.uuidString.lowercased() }
}
