/// `InterrogationStatus`: `GET /v2/interrogate/status/{id}`: the overall state and every form.
package struct InterrogationStatus: Codable, Sendable, Equatable {
    /// `waiting`, `processing`, `partial`, `done`, `faulted` or `cancelled`.
    package var state: String
    /// The forms in the order requested.
    package var forms: [InterrogationFormStatus]

    /// A status body.
    package init(state: String, forms: [InterrogationFormStatus]) {
        self.state = state
        self.forms = forms
    }
}

/// `InterrogationFormStatus`: one form's state and, once delivered, its result.
package struct InterrogationFormStatus: Codable, Sendable, Equatable {
    /// The form name.
    package var form: String
    /// `waiting`, `processing`, `done`, `faulted` or `cancelled`.
    package var state: String
    /// The result object (e.g. `{"caption": "…"}`); null until delivered.
    package var result: JSONValue?
    /// The alchemist that delivered it.
    package var workerId: String?
    /// That alchemist's name.
    package var workerName: String?

    /// The wire (swagger) names of the fields.
    package enum CodingKeys: String, CodingKey {
        case form, state, result
        case workerId = "worker_id"
        case workerName = "worker_name"
    }

    /// A form status.
    package init(
        form: String, state: String, result: JSONValue? = nil, workerId: String? = nil, workerName: String? = nil
    ) {
        self.form = form
        self.state = state
        self.result = result
        self.workerId = workerId
        self.workerName = workerName
    }
}
