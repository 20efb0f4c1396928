import Foundation

/// The payload of one topic: an enum of the message types that topic carries.
///
/// Each case maps to a `type` string in the envelope, so consumers can skip (and count) types they don't know,
/// which lets producers roll out new types before every consumer understands them.
package protocol EnvelopePayload: Sendable {
    /// The envelope `type` of this value, e.g. `request.created`.
    var messageType: String { get }
    func encodePayload(to encoder: any Encoder) throws
    init(messageType: String, from decoder: any Decoder) throws
}

/// A versioned message on a Kafka topic: `{id, type, schemaVersion, occurredAt, payload}`.
///
/// `id` identifies the business event, not the delivery: a redelivered or re-emitted message keeps its id, and
/// every consumer is idempotent on it.
package struct Envelope<Payload: EnvelopePayload>: Codable, Sendable {
    package var id: UUID
    package var type: String { payload.messageType }
    /// Bumped when a payload changes incompatibly; consumers refuse versions newer than they know.
    package var schemaVersion: Int
    package var occurredAt: Date
    package var payload: Payload

    /// The schema version this build writes and the newest it reads.
    package static var currentSchemaVersion: Int { 1 }

    package init(id: UUID = UUID(), occurredAt: Date = Date(), payload: Payload) {
        self.id = id
        self.schemaVersion = Self.currentSchemaVersion
        self.occurredAt = occurredAt
        self.payload = payload
    }

    private enum CodingKeys: String, CodingKey { case id, type, schemaVersion, occurredAt, payload }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(occurredAt, forKey: .occurredAt)
        try payload.encodePayload(to: container.superEncoder(forKey: .payload))
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(UUID.self, forKey: .id)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        guard schemaVersion <= Self.currentSchemaVersion else {
            throw WireError.unsupportedSchemaVersion(schemaVersion)
        }
        occurredAt = try container.decode(Date.self, forKey: .occurredAt)
        let type = try container.decode(String.self, forKey: .type)
        payload = try Payload(messageType: type, from: container.superDecoder(forKey: .payload))
    }
}

/// Why a message could not be decoded.
package enum WireError: Error, Equatable, CustomStringConvertible {
    case unknownType(String)
    case unsupportedSchemaVersion(Int)

    package var description: String {
        switch self {
        case .unknownType(let type): "unknown message type \(type)"
        case .unsupportedSchemaVersion(let version): "unsupported schema version \(version)"
        }
    }
}

/// The JSON coders every topic uses: dates as whole milliseconds since 1970 (cheap to parse, and a date read
/// back equals the date written once both are at millisecond precision), keys as declared.
package enum WireCoding {
    package static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        return encoder
    }

    package static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let milliseconds = try decoder.singleValueContainer().decode(Double.self)
            return Date(milliseconds: milliseconds)
        }
        return decoder
    }

    /// The envelope as JSON: built as a `JSONValue` tree and written directly (a fraction of `JSONEncoder`'s
    /// cost on the request path), with `encoder()` as the fallback for what the tree may not hold exactly
    /// (integers from 10^15 on) or at all.
    package static func encode<P: EnvelopePayload>(_ envelope: Envelope<P>) throws -> [UInt8] {
        try encode(value: envelope)
    }

    /// Any value as the services write it to each other (internal pops and their answers too), the way
    /// `encode(_:)` writes envelopes.
    package static func encode(value: some Encodable) throws -> [UInt8] {
        if let tree = try? JSONValueEncoder(dates: .milliseconds, exactIntegers: true).encode(value),
            let bytes = try? tree.serialized()
        {
            return bytes
        }
        return Array(try encoder().encode(value))
    }

    package static func decode<P: EnvelopePayload>(_ type: P.Type, from bytes: [UInt8]) throws -> Envelope<P> {
        try decode(value: Envelope<P>.self, from: bytes)
    }

    /// Any value the services wrote to each other: read through a `JSONValue` tree, with `decoder()` deciding
    /// whatever the tree can't (its value or error is then the answer).
    package static func decode<T: Decodable>(value type: T.Type, from bytes: [UInt8]) throws -> T {
        try treeDecoder.decode(type, from: bytes)
    }

    private static let treeDecoder = JSONValueDecoder(dates: .milliseconds, fallback: decoder)
}

extension EnvelopePayload {
    /// Encodes a case's value as the payload.
    package static func encodeValue(_ value: some Encodable, to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Decodes a case's value from the payload.
    package static func decodeValue<T: Decodable>(_ type: T.Type, from decoder: any Decoder) throws -> T {
        try decoder.singleValueContainer().decode(T.self)
    }
}

extension Date {
    /// A date from milliseconds since 1970, computed the same way the wire decoder does.
    package init(milliseconds: Double) {
        self.init(timeIntervalSince1970: milliseconds.rounded() / 1000)
    }

    /// This date at the wire's millisecond precision.
    package var wirePrecision: Date { Date(milliseconds: timeIntervalSince1970 * 1000) }
}
