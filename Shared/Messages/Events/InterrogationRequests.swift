import Foundation

/// One form of an accepted interrogation, priced when the gateway accepted it.
package struct InterrogationFormSpec: Codable, Sendable, Equatable {
    /// The form id: what the alchemist submits against, and the job id in events.
    package var formId: UUID
    /// `caption`, `nsfw`, `interrogation`, … or a post-processor name.
    package var name: String
    /// Form options as sent (`payload` of the form), handed to the alchemist unchanged.
    package var payload: JSONValue?
    /// What the alchemist earns for this form (the form price).
    package var kudos: Double
    /// What the requester pays for this form (price, +1 tax, +1 more when slow workers are allowed).
    package var cost: Double
    /// The form was answered from the result cache (same form on the same source URL, recently): it starts
    /// done, is handed to no worker and costs nothing. Nil means false.
    package var cached: Bool?

    package init(
        formId: UUID, name: String, payload: JSONValue? = nil, kudos: Double, cost: Double, cached: Bool? = nil
    ) {
        self.formId = formId
        self.name = name
        self.payload = payload
        self.kudos = kudos
        self.cost = cost
        self.cached = cached
    }
}

/// Everything the scheduler needs to queue, match and settle an interrogation.
package struct InterrogationCreated: Codable, Sendable, Equatable {
    package var interrogationId: UUID
    /// The requesting user.
    package var userId: Int
    /// The requester is trusted (untrusted workers never take unsafe-IP requests of untrusted requesters).
    package var userTrusted: Bool
    /// Queue priority: the requester's kudos at creation; interrogations do not age.
    package var priority: Double
    /// The source image's public URL; nil when the client sent base64 and the gateway keeps the image.
    package var sourceURL: String?
    /// ceil(w/512) × ceil(h/512) of the source image (1 when unknown).
    package var imageTiles: Int
    package var trustedWorkers: Bool
    package var slowWorkers: Bool
    /// The request came from an address considered safe.
    package var safeIP: Bool
    package var forms: [InterrogationFormSpec]
    package var webhook: String?
    package var createdAt: Date
    package var expiresAt: Date

    package init(
        interrogationId: UUID, userId: Int, userTrusted: Bool = false, priority: Double, sourceURL: String?,
        imageTiles: Int, trustedWorkers: Bool = false, slowWorkers: Bool = true, safeIP: Bool = true,
        forms: [InterrogationFormSpec], webhook: String? = nil, createdAt: Date, expiresAt: Date
    ) {
        self.interrogationId = interrogationId
        self.userId = userId
        self.userTrusted = userTrusted
        self.priority = priority
        self.sourceURL = sourceURL
        self.imageTiles = imageTiles
        self.trustedWorkers = trustedWorkers
        self.slowWorkers = slowWorkers
        self.safeIP = safeIP
        self.forms = forms
        self.webhook = webhook
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Anyone holding the id cancelled: waiting forms are cancelled, forms in flight are settled as delivered.
package struct InterrogationCancelled: Codable, Sendable, Equatable {
    package var interrogationId: UUID
    package var cancelledAt: Date

    package init(interrogationId: UUID, cancelledAt: Date) {
        self.interrogationId = interrogationId
        self.cancelledAt = cancelledAt
    }
}

/// An alchemist delivered (or gave up) one form. The result is already stored by the gateway under the form id.
package struct InterrogationFormSubmitted: Codable, Sendable, Equatable {
    package var formId: UUID
    package var interrogationId: UUID
    package var workerId: UUID
    /// `ok` or `faulted`.
    package var outcome: JobOutcome
    package var submittedAt: Date

    package init(formId: UUID, interrogationId: UUID, workerId: UUID, outcome: JobOutcome, submittedAt: Date) {
        self.formId = formId
        self.interrogationId = interrogationId
        self.workerId = workerId
        self.outcome = outcome
        self.submittedAt = submittedAt
    }
}
