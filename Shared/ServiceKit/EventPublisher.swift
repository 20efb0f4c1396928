import Foundation
import HordeCore
import Kafka
import Messages

/// Encodes envelopes and sends them to their topic, returning once the broker acknowledged them.
package struct EventPublisher: Sendable {
    private let producer: KafkaProducer

    package init(producer: KafkaProducer) { self.producer = producer }

    /// Sends `payload` in a new envelope (or with `eventId`, for deterministic ids on re-emission).
    package func publish<P: EnvelopePayload>(
        _ topic: TopicDescriptor, key: String, _ payload: P, eventId: UUID = UUID(), at date: Date = Date()
    ) async throws {
        try await publish(topic.name, key: key, Envelope(id: eventId, occurredAt: date, payload: payload))
    }

    /// Sends an envelope to a topic by name (pop replies go to the topic the asker named).
    package func publish<P: EnvelopePayload>(_ topic: String, key: String, _ envelope: Envelope<P>) async throws {
        let bytes = try WireCoding.encode(envelope)
        try await producer.send(topic: topic, key: key, value: bytes, headers: [("type", Array(envelope.type.utf8))])
    }

    /// Hands an outbox event to the producer and returns at once; `onDelivery` runs on the producer's event
    /// thread with the broker's answer (quick, non-blocking work only). Throws when the producer does not take it.
    package func enqueue(_ event: OutboxEvent, onDelivery: @escaping @Sendable (Result<Void, any Error>) -> Void)
        throws(KafkaError)
    {
        try producer.enqueue(
            topic: event.topic, key: event.key, value: Array(event.envelope.utf8),
            headers: [("type", Array(event.type.utf8))], onDelivery: onDelivery)
    }

    /// Sends an outbox event: its stored envelope as is, under its key, with its type header.
    package func publish(_ event: OutboxEvent) async throws {
        try await producer.send(
            topic: event.topic, key: event.key, value: Array(event.envelope.utf8),
            headers: [("type", Array(event.type.utf8))])
    }
}
