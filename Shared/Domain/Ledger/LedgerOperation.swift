import Foundation
import Messages

/// One business event the ledger applies, whichever topic it came from.
package enum LedgerOperation: Sendable, Equatable {
    /// A request was queued (counts in the requester's `records.request`).
    case queued(RequestCreated)
    /// A job was delivered and settled.
    case settle(JobCompleted)
    /// A request ended: its upfront hold is released.
    case finished(RequestFinished)
    case adjust(KudosAdjustment)
    case transfer(KudosTransfer)
    case grant(KudosGrant)
    case reserve(KudosReservation)
    case release(KudosRelease)

    /// The operation of a ledger command.
    package init(_ command: LedgerCommand) {
        switch command {
        case .adjust(let value): self = .adjust(value)
        case .transfer(let value): self = .transfer(value)
        case .grant(let value): self = .grant(value)
        case .reserve(let value): self = .reserve(value)
        case .release(let value): self = .release(value)
        }
    }

    /// The users whose profile, balance or escrow the operation may read.
    package var users: [Int] {
        switch self {
        case .queued(let value): [value.userId]
        case .settle(let value): [value.requesterId, value.workerOwnerId]
        case .finished(let value): [value.requesterId]
        case .adjust(let value):
            switch value.account {
            case .user(let id), .escrow(let id): [id]
            default: []
            }
        case .transfer(let value): [value.sourceId, value.destinationId]
        case .grant(let value): [value.userId]
        case .reserve(let value): [value.userId]
        case .release: []
        }
    }

    /// The holds the operation may draw on or close.
    package var holdIds: [String] {
        switch self {
        case .settle(let value): [KudosReservation.upfrontHoldId(value.requestId)]
        case .finished(let value): [KudosReservation.upfrontHoldId(value.requestId)]
        case .reserve(let value): [value.holdId]
        case .release(let value): [value.holdId]
        default: []
        }
    }
}
