import Foundation
import Messages

/// An accepted interrogation as the gateway stored it.
struct InterrogationRecord: Sendable, Equatable {
    /// One form: its id and name.
    struct Form: Codable, Sendable, Equatable {
        /// The form id.
        var id: UUID
        /// The form name.
        var name: String
    }

    /// The interrogation id.
    var id: UUID
    /// The requester.
    var userId: Int
    /// The forms in the order requested.
    var forms: [Form]
    /// When the gateway's record expires (the scheduler may keep the interrogation alive longer).
    var expiresAt: Date
}

/// One form as the scheduler tracks it.
struct ScheduledForm: Sendable, Equatable {
    /// `waiting`, `processing`, `done`, `faulted` or `cancelled`.
    var state: String
    /// The alchemist holding or having delivered it.
    var workerId: UUID?
    /// That alchemist's name.
    var workerName: String?
}

/// A delivered form result (`gateway.generations`).
struct FormResult: Sendable, Equatable {
    /// `ok` or `faulted`.
    var state: String
    /// The result object as JSON text.
    var result: String
    /// The alchemist that delivered it.
    var workerId: UUID
    /// That alchemist's name.
    var workerName: String
}

/// A form as the submit path needs it.
struct SubmittableForm: Sendable, Equatable {
    /// The form id.
    var id: UUID
    /// Its interrogation.
    var interrogationId: UUID
    /// The form name.
    var name: String
    /// The scheduler's state of the form.
    var state: String
    /// The alchemist holding it.
    var workerId: UUID?
    /// That alchemist's name.
    var workerName: String
    /// That alchemist's owner (only they may submit).
    var workerOwnerId: Int?
    /// What the alchemist earns.
    var kudos: Double
    /// When the interrogation's stored results expire.
    var expiresAt: Date
}
