import Foundation
import Messages
import ServiceKit

extension EventPublisher {
    /// Sends `payload` to the topic called `topic`, in an envelope with the given (deterministic) id.
    func publish<P: EnvelopePayload>(_ payload: P, to topic: String, key: String, eventId: UUID, at date: Date)
        async throws
    {
        try await publish(topic, key: key, Envelope(id: eventId, occurredAt: date, payload: payload))
    }
}
