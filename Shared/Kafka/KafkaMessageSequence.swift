/// The messages a `KafkaConsumer` receives, as an `AsyncSequence`. Iteration ends when the consumer closes or the
/// iterating task is cancelled, and throws a fatal `KafkaError`.
package struct KafkaMessageSequence: AsyncSequence, Sendable {
    /// Each element is one fetched record.
    package typealias Element = KafkaMessage

    /// The consumer whose poll thread supplies the messages.
    let core: KafkaConsumerCore

    /// An iterator; iterate from one task at a time.
    package func makeAsyncIterator() -> Iterator { Iterator(core: core) }

    /// Pulls one message per `next()` from the consumer's poll thread.
    package struct Iterator: AsyncIteratorProtocol {
        /// The consumer whose poll thread supplies the messages.
        let core: KafkaConsumerCore
        private var finished = false

        /// An iterator over `core`'s messages.
        init(core: KafkaConsumerCore) { self.core = core }

        /// The next message; nil once the consumer is closed or the task is cancelled.
        package mutating func next() async throws -> KafkaMessage? {
            guard !finished else { return nil }
            do {
                guard let message = try await core.next() else {
                    finished = true
                    return nil
                }
                return message
            } catch {
                finished = true
                throw error
            }
        }
    }
}
