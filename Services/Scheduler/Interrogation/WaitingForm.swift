import Foundation
import Messages

/// A form that can be handed out, with what matching needs to know about its interrogation.
struct WaitingForm: Sendable, Equatable {
    /// The form id.
    let formId: UUID
    /// The form name (`caption`, …).
    let name: String
    /// The form's options, for the alchemist.
    let payload: JSONValue?
    /// The interrogation the form belongs to (its matching fields are shared by every form).
    let interrogation: InterrogationCreated

    /// The form's place in queue order: the interrogation's priority and creation time.
    var key: QueueKey {
        QueueKey(priority: interrogation.priority, createdAt: interrogation.createdAt, id: formId)
    }

    /// The form as handed to an alchemist.
    var assigned: AssignedForm {
        AssignedForm(
            formId: formId, interrogationId: interrogation.interrogationId, name: name, payload: payload,
            sourceURL: interrogation.sourceURL)
    }

    /// Every form of `interrogation` that is still waiting, given the ids of those.
    static func forms(of interrogation: InterrogationCreated, waiting ids: Set<UUID>) -> [WaitingForm] {
        interrogation.forms.filter { ids.contains($0.formId) }.map {
            WaitingForm(formId: $0.formId, name: $0.name, payload: $0.payload, interrogation: interrogation)
        }
    }
}
