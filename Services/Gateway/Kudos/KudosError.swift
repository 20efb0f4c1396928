import HTTP
import Messages

/// A kudos endpoint refusal with the status the reference uses there: some rcs that are 403 elsewhere
/// (`SharedKeyExpired`, `DeletedUser`) are 400 inside transfers.
struct KudosError: Error, HTTPResponseError, CustomStringConvertible {
    /// The rc.
    let rc: RC
    /// The human-readable message.
    let message: String
    /// The HTTP status.
    let status: Int

    /// A refusal with `rc`'s usual status, or 400 for the transfer-specific ones.
    init(_ rc: RC, _ message: String? = nil) {
        self.rc = rc
        self.message = message ?? Self.message(for: rc)
        switch rc {
        case .sharedKeyExpired, .deletedUser: status = 400
        default: status = rc.httpStatus
        }
    }

    /// `rc: message`, for logs.
    var description: String { "\(rc.rawValue): \(message)" }

    /// `{"message", "rc"}` with the status.
    var response: HTTPResponse {
        HTTPResponse.json(status, JSONValue.object(["message": .string(message), "rc": .string(rc.rawValue)]))
    }

    /// The reference's wording for each refusal.
    static func message(for rc: RC) -> String {
        switch rc {
        case .kudosTransferFromAnon: "You cannot transfer Kudos from Anonymous, smart-ass."
        case .invalidTargetUsername: "Invalid target username."
        case .sharedKeyExpired: "This shared key has expired."
        case .kudosTransferToAnon: "You cannot transfer Kudos to Anonymous."
        case .kudosTransferToSelf: "You cannot send Kudos to yourself."
        case .tooFastKudosTransfers: "Target user transferred kudos to you less than a minute ago. Please wait."
        case .faultWhenKudosSending: "Something went wrong when sending kudos. Please contact the mods."
        case .sourceAccountFlagged: "The source account has been flagged and cannot send kudos."
        case .educationCannotSendKudos: "Education accounts cannot send kudos."
        case .faultWhenKudosReceiving: "Something went wrong when receiving kudos. Please contact the mods."
        case .targetAccountFlagged: "The target account has been flagged and cannot receive kudos."
        case .deletedUser: "This account has been scheduled for deletion."
        case .negativeKudosTransfer: "Nice try..."
        case .invalidKudosTransferAmount: "Kudos amount must be a positive number with at most two decimals."
        case .idempotencyKeyConflict: "This Idempotency-Key was already used with different parameters."
        case .kudosTransferNotEnough: "Not enough kudos."
        case .notAllowedAwards: "You are not allowed to award kudos."
        case .invalidAwardUsername: "Invalid target username."
        case .kudosAwardToAnon: "Cannot award anon. No go."
        default: "Kudos operation refused."
        }
    }
}
