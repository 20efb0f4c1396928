import Foundation

/// A gift of kudos from one user to another (`POST /kudos/transfer`). The gateway checked the rules it can see
/// (roles, amounts, the cached balance); the ledger re-checks the source's available kudos when it applies it.
package struct KudosTransfer: Codable, Sendable, Equatable {
    /// Idempotency key (derived from the `Idempotency-Key` header when one was sent).
    package var eventId: UUID
    /// The giver.
    package var sourceId: Int
    /// The receiver (a shared key's owner).
    package var destinationId: Int
    /// Whole kudos as sent, at most two decimals.
    package var amount: Double
    /// The shared key the gift went to, when the destination was one (its budget grows by the amount).
    package var sharedKeyId: UUID?
    /// The destination is an education account: the gift is recorded as `donated`, not `received`.
    package var destinationEducation: Bool
    /// When it happened.
    package var at: Date

    /// A transfer.
    package init(
        eventId: UUID, sourceId: Int, destinationId: Int, amount: Double, sharedKeyId: UUID? = nil,
        destinationEducation: Bool = false, at: Date
    ) {
        self.eventId = eventId
        self.sourceId = sourceId
        self.destinationId = destinationId
        self.amount = amount
        self.sharedKeyId = sharedKeyId
        self.destinationEducation = destinationEducation
        self.at = at
    }
}

/// Why kudos are minted outside a job settlement; also the `kudos_details` field they count in.
package enum KudosGrantKind: String, Codable, Sendable, CaseIterable {
    /// A worker's uptime reward (to escrow while the owner is untrusted).
    case uptime
    /// An alchemist's uptime reward (always spendable).
    case interrogationUptime = "interrogation_uptime"
    /// Monthly kudos (`recurring`).
    case recurring
    /// A moderator award or an aesthetic-rating award (`awarded`).
    case award
    /// Someone else used the user's style (`styled`).
    case styled
}

/// Kudos minted for a user (and, for uptime, recorded on the worker's public earnings).
package struct KudosGrant: Codable, Sendable, Equatable {
    /// Idempotency key.
    package var eventId: UUID
    /// Why the kudos are minted.
    package var kind: KudosGrantKind
    /// The user concerned.
    package var userId: Int
    /// The worker an uptime reward is for.
    package var workerId: UUID?
    /// Kudos, at most two decimals.
    package var amount: Double
    /// When it happened.
    package var at: Date

    /// A grant.
    package init(eventId: UUID, kind: KudosGrantKind, userId: Int, workerId: UUID? = nil, amount: Double, at: Date) {
        self.eventId = eventId
        self.kind = kind
        self.userId = userId
        self.workerId = workerId
        self.amount = amount
        self.at = at
    }
}

/// Holds kudos of a user for an admitted request, keyed by business id (`upfront:<request id>`), so a retried
/// admission reuses the one hold. Settlements of the request's jobs draw on the hold first; the rest is released
/// when the request finishes.
package struct KudosReservation: Codable, Sendable, Equatable {
    /// Idempotency key.
    package var eventId: UUID
    /// `upfront:<request id>`, `interrogation:<form id>`.
    package var holdId: String
    /// The user concerned.
    package var userId: Int
    /// Kudos to hold; 0 is allowed with `sharedKeyId` (the hold then only ties the request to the key).
    package var amount: Double
    /// The shared key the request was made with: settlements drawing on this hold count against its budget
    /// (`ledger.stats`, subject `sharedkey:<id>`, field `sharedkey.utilized`).
    package var sharedKeyId: UUID?
    /// When it happened.
    package var at: Date

    /// A reservation.
    package init(eventId: UUID, holdId: String, userId: Int, amount: Double, sharedKeyId: UUID? = nil, at: Date) {
        self.eventId = eventId
        self.holdId = holdId
        self.userId = userId
        self.amount = amount
        self.sharedKeyId = sharedKeyId
        self.at = at
    }

    /// The hold id of a request's upfront reservation.
    package static func upfrontHoldId(_ requestId: UUID) -> String { "upfront:\(requestId.uuidString.lowercased())" }
}

/// Gives back what is left of a hold (a request that ended without the ledger seeing its `request.finished`).
package struct KudosRelease: Codable, Sendable, Equatable {
    /// Idempotency key.
    package var eventId: UUID
    /// The hold to release.
    package var holdId: String
    /// When it happened.
    package var at: Date

    /// A release.
    package init(eventId: UUID, holdId: String, at: Date) {
        self.eventId = eventId
        self.holdId = holdId
        self.at = at
    }
}

/// The ledger promoted a user: their escrow passed the trust threshold and was moved to their spendable balance.
package struct TrustPromoted: Codable, Sendable, Equatable {
    /// The user concerned.
    package var userId: Int
    /// Kudos moved from escrow to the spendable balance.
    package var released: Double
    /// The event that triggered it.
    package var causedBy: UUID
    /// When it happened.
    package var at: Date

    /// A promotion.
    package init(userId: Int, released: Double, causedBy: UUID, at: Date) {
        self.userId = userId
        self.released = released
        self.causedBy = causedBy
        self.at = at
    }
}

/// A command the ledger recorded but refused to move kudos for.
package struct CommandRefused: Codable, Sendable, Equatable {
    /// The refused command's id.
    package var eventId: UUID
    /// The rc the refusal corresponds to (`KudosTransferNotEnough`, `KudosUpfront`, …).
    package var reason: String
    /// When it happened.
    package var at: Date

    /// A refusal.
    package init(eventId: UUID, reason: String, at: Date) {
        self.eventId = eventId
        self.reason = reason
        self.at = at
    }
}
