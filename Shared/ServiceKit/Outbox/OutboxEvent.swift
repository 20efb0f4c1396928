import Foundation
import Messages

/// An event as an outbox row holds it: where it goes and its envelope, encoded once when the event is written and
/// sent as is however often it is republished (so every copy a consumer sees is the same message).
package struct OutboxEvent: Sendable, Equatable {
    /// The envelope's id: the row's primary key, and what consumers deduplicate on.
    package let id: UUID
    /// The full topic name.
    package let topic: String
    /// The message key (it picks the partition, so one key's events stay in order).
    package let key: String
    /// The envelope's `type`, sent as the message's `type` header.
    package let type: String
    /// The envelope as JSON text.
    package let envelope: String

    /// An event for `envelope`, sent to `topic` under `key`.
    package init<P: EnvelopePayload>(topic: String, key: String, _ envelope: Envelope<P>) throws {
        self.id = envelope.id
        self.topic = topic
        self.key = key
        self.type = envelope.type
        self.envelope = String(decoding: try WireCoding.encode(envelope), as: UTF8.self)
    }

    /// An event carrying `payload` in a new envelope with the deterministic id `eventId`.
    package init<P: EnvelopePayload>(
        _ topic: TopicDescriptor, key: String, _ payload: P, eventId: UUID, at date: Date = Date()
    ) throws {
        try self.init(topic: topic.name, key: key, Envelope(id: eventId, occurredAt: date, payload: payload))
    }

    /// An event read back from an outbox row; its type is read from the envelope, so the row needs no column for
    /// it and any topic's envelope can be republished without knowing its payload type.
    package init(id: UUID, topic: String, key: String, envelope: String) throws {
        self.id = id
        self.topic = topic
        self.key = key
        self.type = try JSONDecoder().decode(TypeField.self, from: Data(envelope.utf8)).type
        self.envelope = envelope
    }

    /// The one envelope field a republish needs.
    private struct TypeField: Decodable {
        let type: String
    }
}
