import Foundation

/// Messages on `Topics.interrogations`.
package enum InterrogationCommand: EnvelopePayload, Equatable {
    case created(InterrogationCreated)
    case cancelled(InterrogationCancelled)
    case pop(InterrogationPopRequest)
    case submitted(InterrogationFormSubmitted)

    package var messageType: String {
        switch self {
        case .created: "interrogation.created"
        case .cancelled: "interrogation.cancelled"
        case .pop: "interrogation.pop"
        case .submitted: "interrogation.submitted"
        }
    }

    package func encodePayload(to encoder: any Encoder) throws {
        switch self {
        case .created(let value): try Self.encodeValue(value, to: encoder)
        case .cancelled(let value): try Self.encodeValue(value, to: encoder)
        case .pop(let value): try Self.encodeValue(value, to: encoder)
        case .submitted(let value): try Self.encodeValue(value, to: encoder)
        }
    }

    package init(messageType: String, from decoder: any Decoder) throws {
        switch messageType {
        case "interrogation.created": self = .created(try Self.decodeValue(InterrogationCreated.self, from: decoder))
        case "interrogation.cancelled":
            self = .cancelled(try Self.decodeValue(InterrogationCancelled.self, from: decoder))
        case "interrogation.pop": self = .pop(try Self.decodeValue(InterrogationPopRequest.self, from: decoder))
        case "interrogation.submitted":
            self = .submitted(try Self.decodeValue(InterrogationFormSubmitted.self, from: decoder))
        default: throw WireError.unknownType(messageType)
        }
    }
}
