import Foundation
import Messages
import Postgres

/// One row of `scheduler.interrogation_forms`, with its interrogation as created.
struct FormRow: Sendable, Equatable {
    /// The form id.
    var id: UUID
    /// The form name.
    var name: String
    /// `waiting`, `processing`, `done`, `faulted` or `cancelled`.
    var state: String
    /// What the alchemist earns.
    var kudos: Double
    /// What the requester pays.
    var cost: Double
    /// The alchemist holding (or that delivered) the form.
    var workerId: UUID?
    /// That alchemist's name.
    var workerName: String?
    /// That alchemist's owner.
    var workerOwnerId: Int?
    /// When the alchemist took it.
    var startedAt: Date?
    /// When it reached its final state.
    var finishedAt: Date?
    /// Times it was given up or timed out.
    var aborts: Int
    /// The interrogation the form belongs to.
    var interrogation: InterrogationCreated

    /// The select list `decode(_:)` reads; `f` is the forms table, `i` the interrogations table.
    static let columns = """
        f.id, f.name, f.state, f.kudos, f.cost, f.worker_id, f.worker_name, f.worker_owner_id, f.started_at,
        f.finished_at, f.aborts, i.created
        """

    /// Reads a row selected with `columns`.
    static func decode(_ row: PostgresRow) throws -> FormRow {
        FormRow(
            id: try row.decode("id", as: UUID.self), name: try row.decode("name", as: String.self),
            state: try row.decode("state", as: String.self), kudos: try row.decode("kudos", as: Double.self),
            cost: try row.decode("cost", as: Double.self), workerId: try row.decode("worker_id", as: UUID?.self),
            workerName: try row.decode("worker_name", as: String?.self),
            workerOwnerId: try row.decode("worker_owner_id", as: Int?.self),
            startedAt: try row.decode("started_at", as: Date?.self),
            finishedAt: try row.decode("finished_at", as: Date?.self), aborts: try row.decode("aborts", as: Int.self),
            interrogation: try row.decode("created", as: PostgresJSON.self)
                .decode(InterrogationCreated.self, decoder: WireCoding.decoder()))
    }

    /// The form as waiting in the index.
    var waiting: WaitingForm {
        WaitingForm(
            formId: id, name: name, payload: interrogation.forms.first { $0.formId == id }?.payload,
            interrogation: interrogation)
    }
}
