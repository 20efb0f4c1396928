/// The messages a `KafkaConsumer` receives, as an `AsyncSequence`. Iteration ends when the consumer closes or the
/// iterating task is cancelled, and throws a fatal `KafkaError`.
package struct KafkaMessageSequence: AsyncSequence, Sendable {
    /// Each element is one fetched record.
    package typealias Element = KafkaMessage

    let core: KafkaConsumerCore

    package func makeAsyncIterator() -> Iterator { Iterator(core: core) }

    /// Pulls one message per `next()` from the consumer's poll thread.
    package struct Iterator: AsyncIteratorProtocol {
        let core: KafkaConsumerCore
        private var finished = false

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
