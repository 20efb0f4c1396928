import Foundation

@testable import Kafka

/// Measures produce→consume hops: send one message, wait until the consumer hands it out, repeat. A random pause
/// (0–15 ms, not measured) before each send keeps the sends from locking onto the consumer's fetch cycle, which
/// would otherwise make every hop look as fast as the luckiest one.
enum KafkaLatencyProbe {
    struct Summary: CustomStringConvertible {
        let p50: Duration
        let p99: Duration
        let max: Duration
        let count: Int

        var description: String {
            func ms(_ d: Duration) -> String { String(format: "%.2f ms", d.seconds * 1000) }
            return "p50 \(ms(p50)), p99 \(ms(p99)), max \(ms(max)) over \(count) hops"
        }
    }

    static func measure(
        _ broker: KafkaTestBroker, hops: Int, consumerProperties: [String: String] = [:],
        producerProperties: [String: String] = [:]
    ) async throws -> Summary {
        try await broker.withTopic("latency", partitions: 1) { topic in
            let producer = try broker.makeProducer(additional: producerProperties)
            let consumer = try broker.makeConsumer(
                group: KafkaTestBroker.uniqueName("g"), topics: [topic], additional: consumerProperties)
            // Warm up: the group join and first fetch are not part of a hop.
            try await producer.send(topic: topic, key: nil, value: "warm-up".bytes)
            _ = try await consumer.take(1)

            var samples: [Duration] = []
            samples.reserveCapacity(hops)
            var iterator = consumer.messages.makeAsyncIterator()
            var random = SystemRandomNumberGenerator()
            for index in 0..<hops {
                try await Task.sleep(for: .microseconds(Int.random(in: 0..<15_000, using: &random)))
                let start = ContinuousClock.now
                async let sent: Void = producer.send(topic: topic, key: nil, value: String(index).bytes)
                guard let message = try await iterator.next() else {
                    throw KafkaTestTimeout(description: "consumer ended")
                }
                samples.append(start.duration(to: .now))
                try await sent
                try consumer.storeOffset(message)
            }
            await consumer.close()
            await producer.close()
            samples.sort()
            return Summary(
                p50: samples[samples.count / 2], p99: samples[min(samples.count - 1, samples.count * 99 / 100)],
                max: samples[samples.count - 1], count: samples.count)
        }
    }
}
