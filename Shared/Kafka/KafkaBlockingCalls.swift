import Dispatch

/// Runs blocking librdkafka calls (flush, synchronous commit, admin requests, destroy) on a GCD queue, never on
/// Swift's cooperative pool, and hands the result back through a continuation.
enum KafkaBlockingCalls {
    private static let queue = DispatchQueue(label: "horde.kafka.blocking", attributes: .concurrent)

    /// Runs `body` on the blocking queue and returns its result.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: body()) }
        }
    }

    /// Runs a throwing `body` on the blocking queue.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws(KafkaError) -> T) async throws(KafkaError) -> T {
        let result: Result<T, KafkaError> = await run { () -> Result<T, KafkaError> in
            do throws(KafkaError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
