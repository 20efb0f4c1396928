import Foundation
import Messages

/// The checks of `POST /kudos/transfer`, in the reference's order (HORDE_RULES 4.7); the first that fails names the
/// rc. The idempotency replay check sits between "zero" and "not enough" and is the gateway's (it needs the store of
/// keys); `check` is split around it.
package enum KudosTransferRules {
    /// Everything up to and including the amount's sign; nil when the transfer may go on.
    package static func check(
        source: KudosTransferParty, destination: KudosTransferParty?, sharedKeyExpired: Bool = false,
        reverseTransferWithinMinute: Bool = false, amountCents: Int64
    ) -> RC? {
        if source.anonymous { return .kudosTransferFromAnon }
        guard let destination else { return .invalidTargetUsername }
        if sharedKeyExpired { return .sharedKeyExpired }
        if destination.anonymous { return .kudosTransferToAnon }
        if destination.id == source.id { return .kudosTransferToSelf }
        if reverseTransferWithinMinute { return .tooFastKudosTransfers }
        if source.suspicious { return .faultWhenKudosSending }
        if source.flagged { return .sourceAccountFlagged }
        if source.education { return .educationCannotSendKudos }
        if destination.suspicious { return .faultWhenKudosReceiving }
        if destination.flagged { return .targetAccountFlagged }
        if source.deleted || destination.deleted { return .deletedUser }
        if amountCents < 0 { return .negativeKudosTransfer }
        if amountCents == 0 { return .invalidKudosTransferAmount }
        return nil
    }

    /// The last check: the source's available kudos (balance − floor, in hundredths) cover the amount.
    package static func checkFunds(availableCents: Int64, amountCents: Int64) -> RC? {
        availableCents < amountCents ? .kudosTransferNotEnough : nil
    }

    /// The largest amount one transfer or award may carry: 10 billion kudos (beyond any balance the horde holds,
    /// far inside what the ledger stores).
    package static let maxAmountCents: Int64 = 1_000_000_000_000

    /// The amount of a transfer or award body in hundredths: absent → `defaultKudos`; a number with at most two
    /// decimals and a magnitude up to `maxAmountCents`; anything else (a string, NaN, a third decimal, 1e300) is
    /// `InvalidKudosTransferAmount`.
    package static func amountCents(_ value: JSONValue?, defaultKudos: Int64 = 100) -> Result<Int64, RCFailure> {
        guard let value, value != .null else { return .success(defaultKudos * 100) }
        guard case .number(let number) = value, number.isFinite,
            abs(number) * 100 <= Double(maxAmountCents)
        else { return .failure(RCFailure(.invalidKudosTransferAmount)) }
        let scaled = number * 100
        let cents = scaled.rounded()
        // A third decimal shows as a remainder well beyond floating-point noise.
        guard abs(scaled - cents) < 1e-6 * max(1, abs(scaled)) else {
            return .failure(RCFailure(.invalidKudosTransferAmount))
        }
        return .success(Int64(cents))
    }
}

/// An rc as an `Error`, for rule results.
package struct RCFailure: Error, Equatable {
    /// The rc of the failure.
    package var rc: RC
    /// A failure with `rc`.
    package init(_ rc: RC) { self.rc = rc }
}
