import Foundation

/// A kudos account: a user's spendable balance, a user's escrow (`evaluating_kudos`), a worker's earnings record,
/// or a system account.
package enum AccountRef: Codable, Sendable, Hashable, CustomStringConvertible {
    case user(Int)
    case worker(UUID)
    /// Mints kudos paid to workers and absorbs what requesters pay.
    case system(String)
    /// Kudos an untrusted user earned and cannot spend until promoted (`evaluating_kudos`).
    case escrow(Int)

    /// `user:42`, `worker:<uuid>`, `system:mint`: the stable key used in the ledger and on the wire.
    package var description: String {
        switch self {
        case .user(let id): "user:\(id)"
        case .worker(let id): "worker:\(id.uuidString.lowercased())"
        case .system(let name): "system:\(name)"
        case .escrow(let id): "escrow:\(id)"
        }
    }

    package init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        switch parts[0] {
        case "user": guard let id = Int(parts[1]) else { return nil }; self = .user(id)
        case "worker": guard let id = UUID(uuidString: parts[1]) else { return nil }; self = .worker(id)
        case "system": self = .system(parts[1])
        case "escrow": guard let id = Int(parts[1]) else { return nil }; self = .escrow(id)
        default: return nil
        }
    }

    package init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let account = AccountRef(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad account \(key)"))
        }
        self = account
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An account's balance after the ledger applied an event.
package struct BalanceChanged: Codable, Sendable, Equatable {
    package var account: AccountRef
    package var balance: Double
    package var causedBy: UUID

    package init(account: AccountRef, balance: Double, causedBy: UUID) {
        self.account = account
        self.balance = balance
        self.causedBy = causedBy
    }
}

/// Messages on `Topics.ledgerEvents`.
package enum LedgerEvent: EnvelopePayload, Equatable {
    case balanceChanged(BalanceChanged)
    /// The ledger promoted a user to trusted (escrow over the threshold); the gateway sets the role.
    case trustPromoted(TrustPromoted)
    /// The ledger refused a command when applying it (nothing moved).
    case commandRefused(CommandRefused)

    package var messageType: String {
        switch self {
        case .balanceChanged: "balance.changed"
        case .trustPromoted: "trust.promoted"
        case .commandRefused: "command.refused"
        }
    }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .balanceChanged(let value): try Self.encodeValue(value, to: encoder)
        case .trustPromoted(let value): try Self.encodeValue(value, to: encoder)
        case .commandRefused(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        switch messageType {
        case "balance.changed": self = .balanceChanged(try Self.decodeValue(BalanceChanged.self, from: decoder))
        case "trust.promoted": self = .trustPromoted(try Self.decodeValue(TrustPromoted.self, from: decoder))
        case "command.refused": self = .commandRefused(try Self.decodeValue(CommandRefused.self, from: decoder))
        default: throw WireError.unknownType(messageType)
        }
    }
}

/// The outcome of one webhook delivery.
package struct DeliveryOutcome: Codable, Sendable, Equatable {
    package var deliveryId: UUID
    package var requestId: UUID
    package var jobId: UUID
    package var url: String
    package var attempts: Int
    package var delivered: Bool
    package var lastStatus: Int?
    package var at: Date

    package init(
        deliveryId: UUID, requestId: UUID, jobId: UUID, url: String, attempts: Int, delivered: Bool,
        lastStatus: Int?, at: Date
    ) {
        self.deliveryId = deliveryId
        self.requestId = requestId
        self.jobId = jobId
        self.url = url
        self.attempts = attempts
        self.delivered = delivered
        self.lastStatus = lastStatus
        self.at = at
    }
}

/// Messages on `Topics.deliveryEvents`.
package enum DeliveryEvent: EnvelopePayload, Equatable {
    case finished(DeliveryOutcome)

    package var messageType: String { "webhook.finished" }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .finished(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        guard messageType == "webhook.finished" else { throw WireError.unknownType(messageType) }
        self = .finished(try Self.decodeValue(DeliveryOutcome.self, from: decoder))
    }
}

/// Kudos granted or removed by an operator (the user-create command's initial kudos, admin PUT of kudos).
package struct KudosAdjustment: Codable, Sendable, Equatable {
    /// Idempotency key: the same adjustment delivered twice is applied once.
    package var eventId: UUID
    package var account: AccountRef
    /// Positive grants, negative removes.
    package var amount: Double
    package var reason: String
    package var at: Date

    package init(eventId: UUID = UUID(), account: AccountRef, amount: Double, reason: String, at: Date) {
        self.eventId = eventId
        self.account = account
        self.amount = amount
        self.reason = reason
        self.at = at
    }
}

/// Messages on `Topics.ledgerCommands`.
package enum LedgerCommand: EnvelopePayload, Equatable {
    case adjust(KudosAdjustment)
    /// A user-to-user gift (`POST /kudos/transfer`).
    case transfer(KudosTransfer)
    /// Minted kudos for a reason other than a job: uptime, monthly, awards, style use.
    case grant(KudosGrant)
    /// Holds kudos for an admitted request (upfront kudos).
    case reserve(KudosReservation)
    /// Gives back what is left of a hold.
    case release(KudosRelease)

    package var messageType: String {
        switch self {
        case .adjust: "kudos.adjust"
        case .transfer: "kudos.transfer"
        case .grant: "kudos.grant"
        case .reserve: "kudos.reserve"
        case .release: "kudos.release"
        }
    }

    /// The idempotency key of the command.
    package var eventId: UUID {
        switch self {
        case .adjust(let value): value.eventId
        case .transfer(let value): value.eventId
        case .grant(let value): value.eventId
        case .reserve(let value): value.eventId
        case .release(let value): value.eventId
        }
    }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .adjust(let value): try Self.encodeValue(value, to: encoder)
        case .transfer(let value): try Self.encodeValue(value, to: encoder)
        case .grant(let value): try Self.encodeValue(value, to: encoder)
        case .reserve(let value): try Self.encodeValue(value, to: encoder)
        case .release(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        switch messageType {
        case "kudos.adjust": self = .adjust(try Self.decodeValue(KudosAdjustment.self, from: decoder))
        case "kudos.transfer": self = .transfer(try Self.decodeValue(KudosTransfer.self, from: decoder))
        case "kudos.grant": self = .grant(try Self.decodeValue(KudosGrant.self, from: decoder))
        case "kudos.reserve": self = .reserve(try Self.decodeValue(KudosReservation.self, from: decoder))
        case "kudos.release": self = .release(try Self.decodeValue(KudosRelease.self, from: decoder))
        default: throw WireError.unknownType(messageType)
        }
    }
}
