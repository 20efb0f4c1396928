import Foundation

/// Starts the dedicated thread a client polls librdkafka on, so its blocking waits never occupy the cooperative
/// pool. The thread ends when `body` returns.
enum KafkaThread {
    /// Starts `body` on a new thread called `name`.
    static func start(name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }
}
