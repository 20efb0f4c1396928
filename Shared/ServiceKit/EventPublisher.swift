import Foundation
import HordeCore
import Kafka
import Messages
import Synchronization

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

    /// Sends `events` together and returns once the broker answered every one, throwing the first failure. They
    /// are handed to the producer in order, but a retried send may overtake a later one: a caller that needs one
    /// event to land after another sends them in separate calls.
    package func publish(all events: [OutboxEvent]) async throws {
        guard !events.isEmpty else { return }
        let countdown = DeliveryCountdown(remaining: events.count)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            countdown.start(continuation)
            for event in events {
                do {
                    try enqueue(event) { countdown.answered($0) }
                } catch {
                    countdown.answered(.failure(error))
                }
            }
        }
    }

    /// Sends an outbox event: its stored envelope as is, under its key, with its type header.
    package func publish(_ event: OutboxEvent) async throws {
        try await producer.send(
            topic: event.topic, key: event.key, value: Array(event.envelope.utf8),
            headers: [("type", Array(event.type.utf8))])
    }
}

/// Waits for the broker's answers to a group of sends; resumes its caller once all arrived.
private final class DeliveryCountdown: Sendable {
    private struct State {
        var remaining: Int
        var failure: (any Error)?
        var continuation: CheckedContinuation<Void, any Error>?
    }
    private let state: Mutex<State>

    init(remaining: Int) { state = Mutex(State(remaining: remaining)) }

    /// Sets who is resumed; called before the first send, so no answer can come first.
    func start(_ continuation: CheckedContinuation<Void, any Error>) {
        state.withLock { $0.continuation = continuation }
    }

    /// One send was answered (on the producer's thread, or at once when the producer refused it).
    func answered(_ result: Result<Void, any Error>) {
        let done: (CheckedContinuation<Void, any Error>, (any Error)?)? = state.withLock { state in
            if case .failure(let error) = result, state.failure == nil { state.failure = error }
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.failure)
        }
        guard let (continuation, failure) = done else { return }
        if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
    }
}
