import Foundation
import Messages

/// Builds `InterrogationStatus` from the gateway's record, the scheduler's form states and the stored results.
enum InterrogationStatusBuilder {
    /// The status; forms the scheduler does not know yet are waiting (or done, when answered from the cache).
    static func status(
        _ record: InterrogationRecord, scheduled: [UUID: ScheduledForm], results: [UUID: FormResult]
    ) -> InterrogationStatus {
        let forms = record.forms.map { form -> InterrogationFormStatus in
            let state = scheduled[form.id]?.state ?? (results[form.id] != nil ? "done" : "waiting")
            guard state == "done", let result = results[form.id] else {
                return InterrogationFormStatus(form: form.name, state: state)
            }
            let object = try? JSONDecoder().decode(JSONValue.self, from: Data(result.result.utf8))
            return InterrogationFormStatus(
                form: form.name, state: state, result: object, workerId: result.workerId.uuidString.lowercased(),
                workerName: result.workerName)
        }
        return InterrogationStatus(state: aggregate(forms.map(\.state)), forms: forms)
    }

    /// The overall state (HORDE_RULES 2.1): faulted if every form faulted; done if every form is done;
    /// processing if any is processing; waiting if any is waiting; else partial.
    static func aggregate(_ states: [String]) -> String {
        if !states.isEmpty, states.allSatisfy({ $0 == "faulted" }) { return "faulted" }
        if !states.isEmpty, states.allSatisfy({ $0 == "done" }) { return "done" }
        if states.contains("processing") { return "processing" }
        if states.contains("waiting") { return "waiting" }
        return "partial"
    }

    /// The status as it will be once a cancellation lands: open forms become cancelled.
    static func cancelled(_ status: InterrogationStatus) -> InterrogationStatus {
        var forms = status.forms
        for index in forms.indices where forms[index].state == "waiting" || forms[index].state == "processing" {
            forms[index].state = "cancelled"
        }
        return InterrogationStatus(state: aggregate(forms.map(\.state)), forms: forms)
    }

    /// True while some form is still waiting or being processed.
    static func isOpen(_ status: InterrogationStatus) -> Bool {
        status.forms.contains { $0.state == "waiting" || $0.state == "processing" }
    }
}
