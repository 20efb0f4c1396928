import Foundation

/// What an alchemist declared about itself in a pop, as the scheduler's matching needs it.
package struct AlchemistProfile: Codable, Sendable, Equatable {
    package var workerId: UUID
    package var name: String
    package var ownerId: Int
    package var ownerTrusted: Bool
    /// Forms it serves (never empty: the gateway fills in `caption`).
    package var forms: [String]
    /// Largest source image, in 512×512 tiles, it post-processes.
    package var maxTiles: Int
    /// Forms to take in one pop.
    package var amount: Int
    package var bridgeAgent: String
    /// Users whose requests go first on this worker (besides the owner).
    package var priorityUserIds: [Int]
    package var maintenance: Bool
    package var paused: Bool
    /// Takes requests from addresses considered unsafe.
    package var allowUnsafeIP: Bool
    /// Measured seconds per form; nil until measured.
    package var secondsPerForm: Double?

    package init(
        workerId: UUID, name: String, ownerId: Int, ownerTrusted: Bool = false, forms: [String], maxTiles: Int = 80,
        amount: Int = 1, bridgeAgent: String = "unknown:0:unknown", priorityUserIds: [Int] = [],
        maintenance: Bool = false, paused: Bool = false, allowUnsafeIP: Bool = false, secondsPerForm: Double? = nil
    ) {
        self.workerId = workerId
        self.name = name
        self.ownerId = ownerId
        self.ownerTrusted = ownerTrusted
        self.forms = forms
        self.maxTiles = maxTiles
        self.amount = amount
        self.bridgeAgent = bridgeAgent
        self.priorityUserIds = priorityUserIds
        self.maintenance = maintenance
        self.paused = paused
        self.allowUnsafeIP = allowUnsafeIP
        self.secondsPerForm = secondsPerForm
    }
}

/// An alchemist asks for forms. The reply is a `PopReplyMessage` on `replyTopic`, addressed to `replyTo`, whose
/// assignment (kind `interrogation`) lists the forms in its payload (see `InterrogationAssignment`).
package struct InterrogationPopRequest: Codable, Sendable, Equatable {
    package var popId: UUID
    package var worker: AlchemistProfile
    package var replyTopic: String
    package var replyTo: String
    /// The asker gives up at this time; a pop still unanswered then is dropped.
    package var deadline: Date

    package init(popId: UUID = UUID(), worker: AlchemistProfile, replyTopic: String, replyTo: String, deadline: Date) {
        self.popId = popId
        self.worker = worker
        self.replyTopic = replyTopic
        self.replyTo = replyTo
        self.deadline = deadline
    }
}

/// One form handed to an alchemist.
package struct AssignedForm: Codable, Sendable, Equatable {
    package var formId: UUID
    package var interrogationId: UUID
    package var name: String
    package var payload: JSONValue?
    /// The source image's URL; nil when the gateway keeps the image (base64 source).
    package var sourceURL: String?

    package init(formId: UUID, interrogationId: UUID, name: String, payload: JSONValue?, sourceURL: String?) {
        self.formId = formId
        self.interrogationId = interrogationId
        self.name = name
        self.payload = payload
        self.sourceURL = sourceURL
    }
}

/// How forms travel inside the generic pop reply: `JobAssignment.payload` = `{"forms": [AssignedForm…]}`, so the
/// gateway's one pop-reply consumer and router serve every worker kind.
package enum InterrogationAssignment {
    /// The assignment carrying `forms` (at least one).
    package static func make(_ forms: [AssignedForm], ttlSeconds: Int) throws -> JobAssignment {
        let data = try JSONEncoder().encode(forms)
        let list = try JSONDecoder().decode(JSONValue.self, from: data)
        return JobAssignment(
            requestId: forms.first?.interrogationId ?? UUID(), kind: .interrogation, jobIds: forms.map(\.formId),
            model: forms.first?.name ?? "", payload: .object(["forms": list]), ttlSeconds: ttlSeconds)
    }

    /// The forms of an interrogation assignment (empty for any other).
    package static func forms(of assignment: JobAssignment) -> [AssignedForm] {
        guard assignment.kind == .interrogation, let list = assignment.payload["forms"],
            let data = try? JSONEncoder().encode(list)
        else { return [] }
        return (try? JSONDecoder().decode([AssignedForm].self, from: data)) ?? []
    }
}
