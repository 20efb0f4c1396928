import Foundation
import HordeCore
import Synchronization
import Testing

@testable import Kafka

/// Behaviour every broker must show, run against the mock cluster (unit suite) and the real broker (integration
/// suite).
enum KafkaScenarios {
    /// Keys, headers (repeated names, empty and binary values), empty payloads and tombstones survive the trip.
    static func roundTrip(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("roundtrip", partitions: 1) { topic in
            let producer = try broker.makeProducer()
            let binary: [UInt8] = [0, 1, 2, 254, 255]
            try await producer.send(
                topic: topic, key: "user-1", value: "hello".bytes,
                headers: [("type", "greeting".bytes), ("trace", binary), ("type", "again".bytes), ("empty", [])])
            try await producer.send(topic: topic, key: nil, value: [])
            try await producer.send(topic: topic, keyBytes: binary, value: nil)
            await producer.close()

            let group = KafkaTestBroker.uniqueName("g")
            let consumer = try broker.makeConsumer(group: group, topics: [topic])
            let messages = try await consumer.take(3)
            await consumer.close()

            #expect(messages.map(\.offset) == [0, 1, 2])
            #expect(messages.allSatisfy { $0.topic == topic && $0.partition == 0 })
            let first = messages[0]
            #expect(first.keyString == "user-1")
            #expect(first.value == "hello".bytes)
            #expect(first.headers.map(\.0) == ["type", "trace", "type", "empty"])
            #expect(first.headers.map(\.1) == ["greeting".bytes, binary, "again".bytes, []])
            #expect(first.header("type") == "greeting".bytes)
            if let timestamp = first.timestamp {
                #expect(abs(timestamp.timeIntervalSinceNow) < 60)
            } else {
                Issue.record("the message has no timestamp")
            }
            #expect(messages[1].key == nil)
            #expect(messages[1].value == [])
            #expect(messages[1].headers.isEmpty)
            #expect(messages[2].key == binary)
            #expect(messages[2].value == nil, "a tombstone arrives as a nil value")

            let metrics = MetricsRegistry.shared.render()
            #expect(metrics.contains(#"kafka_producer_messages_total{client="producer",topic="\#(topic)"} 3"#))
            #expect(metrics.contains(#"kafka_consumer_messages_total{group="\#(group)",topic="\#(topic)"} 3"#))
        }
    }

    /// Messages handed over without waiting each get one delivery callback, and arrive in order.
    static func enqueuedWithCallbacks(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("enqueued", partitions: 1) { topic in
            let producer = try broker.makeProducer()
            let outcomes = Mutex<[Int: Int]>([:])
            let failures = Mutex(0)
            for index in 0..<20 {
                try producer.enqueue(topic: topic, key: "k", value: [UInt8(index)]) { outcome in
                    if case .failure = outcome { failures.withLock { $0 += 1 } }
                    outcomes.withLock { $0[index, default: 0] += 1 }
                }
            }
            let deadline = ContinuousClock.now + .seconds(20)
            while outcomes.withLock({ $0.count }) < 20, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(outcomes.withLock { $0 } == Dictionary(uniqueKeysWithValues: (0..<20).map { ($0, 1) }))
            #expect(failures.withLock { $0 } == 0)
            await producer.close()

            let consumer = try broker.makeConsumer(group: KafkaTestBroker.uniqueName("g"), topics: [topic])
            let messages = try await consumer.take(20)
            await consumer.close()
            #expect(messages.map(\.value) == (0..<20).map { [UInt8($0)] })
        }
    }

    /// Messages with the same key land in one partition and are read in the order they were sent.
    static func orderingPerKey(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("ordering", partitions: 4) { topic in
            let producer = try broker.makeProducer()
            let keys = (0..<6).map { "key-\($0)" }
            let perKey = 40
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys {
                    group.addTask {
                        for sequence in 0..<perKey {
                            try await producer.send(topic: topic, key: key, value: String(sequence).bytes)
                        }
                    }
                }
                try await group.waitForAll()
            }
            await producer.close()

            let consumer = try broker.makeConsumer(group: KafkaTestBroker.uniqueName("g"), topics: [topic])
            let messages = try await consumer.take(keys.count * perKey)
            await consumer.close()

            for key in keys {
                let ofKey = messages.filter { $0.keyString == key }
                #expect(ofKey.map { Int($0.text) } == Array(0..<perKey), "order of \(key)")
                #expect(Set(ofKey.map(\.partition)).count == 1, "\(key) stays in one partition")
            }
            #expect(Set(messages.map(\.partition)).count > 1, "six keys spread over more than one partition")
        }
    }

    /// Two members share the partitions; when one leaves, the other gets them all. `cooperative` switches the
    /// group to incremental rebalancing (`cooperative-sticky`), where assignments grow and shrink piecewise.
    static func rebalance(_ broker: KafkaTestBroker, cooperative: Bool = false) async throws {
        let strategy = cooperative ? "cooperative-sticky" : "range,roundrobin"
        try await broker.withTopic("rebalance", partitions: 4) { topic in
            try await rebalance(broker, topic: topic, strategy: ["partition.assignment.strategy": strategy])
        }
    }

    private static func rebalance(
        _ broker: KafkaTestBroker, topic: String, strategy: [String: String]
    ) async throws {
        let all = Set((0..<4).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) })
        let group = KafkaTestBroker.uniqueName("g")

        let first = try broker.makeConsumer(group: group, topics: [topic], additional: strategy)
        let firstEvents = Task { await first.rebalanceEvents.reduce(into: []) { $0.append($1) } }
        let firstReader = Task { try await first.drain(for: .seconds(120)) }
        try await first.waitForAssignment { $0 == all }

        let second = try broker.makeConsumer(group: group, topics: [topic], additional: strategy)
        let secondReader = Task { try await second.drain(for: .seconds(120)) }
        try await second.waitForAssignment(within: .seconds(60)) { !$0.isEmpty }
        try await first.waitForAssignment(within: .seconds(60)) {
            !$0.isEmpty && $0.isDisjoint(with: second.assignment)
        }
        #expect(first.assignment.union(second.assignment) == all)
        #expect(first.assignment.isDisjoint(with: second.assignment))

        await second.close()
        secondReader.cancel()
        #expect(second.assignment.isEmpty)
        try await first.waitForAssignment(within: .seconds(60)) { $0 == all }

        firstReader.cancel()
        await first.close()
        let events = await firstEvents.value
        guard case .assigned(let initial) = events.first else {
            Issue.record("the first rebalance event is not an assignment: \(events)")
            return
        }
        #expect(Set(initial) == all)
        #expect(events.contains { if case .revoked = $0 { true } else { false } })
        #expect(events.filter { if case .assigned = $0 { true } else { false } }.count >= 2)
    }

    /// A member that closes without storing offsets leaves its messages to the next member of the group.
    static func redeliveryWithoutStore(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("redeliver", partitions: 1) { topic in
            let producer = try broker.makeProducer()
            for index in 0..<5 { try await producer.send(topic: topic, key: "k", value: "m\(index)".bytes) }
            await producer.close()
            let group = KafkaTestBroker.uniqueName("g")

            let first = try broker.makeConsumer(group: group, topics: [topic])
            let seen = try await first.take(5, store: false)
            await first.close()
            #expect(seen.map(\.offset) == [0, 1, 2, 3, 4])

            let second = try broker.makeConsumer(group: group, topics: [topic])
            let again = try await second.take(5)
            await second.close()
            #expect(again.map(\.offset) == [0, 1, 2, 3, 4])
            #expect(again.map(\.text) == seen.map(\.text))
        }
    }

    /// A member that dies after storing but before any commit: everything is delivered again. A member that
    /// committed before dying: only what came after the commit is delivered again.
    static func redeliveryAfterCrash(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("crash", partitions: 1) { topic in
            let producer = try broker.makeProducer()
            for index in 0..<6 { try await producer.send(topic: topic, key: "k", value: "m\(index)".bytes) }
            await producer.close()
            let noAutoCommit = ["auto.commit.interval.ms": "600000"]

            // Stored, never committed, then dropped without leaving the group.
            let group = KafkaTestBroker.uniqueName("g")
            let crashed = try broker.makeConsumer(group: group, topics: [topic], additional: noAutoCommit)
            let firstThree = try await crashed.take(3)
            await crashed.abandon()
            #expect(firstThree.map(\.offset) == [0, 1, 2])
            let successor = try broker.makeConsumer(group: group, topics: [topic], additional: noAutoCommit)
            let redelivered = try await successor.take(6, within: .seconds(60))
            await successor.close()
            #expect(redelivered.map(\.offset) == Array(0..<6))

            // Committed, then dropped: the successor starts after the commit.
            let otherGroup = KafkaTestBroker.uniqueName("g")
            let committer = try broker.makeConsumer(group: otherGroup, topics: [topic], additional: noAutoCommit)
            _ = try await committer.take(4)
            try await committer.commit()
            await committer.abandon()
            let heir = try broker.makeConsumer(group: otherGroup, topics: [topic], additional: noAutoCommit)
            let rest = try await heir.take(2, within: .seconds(60))
            await heir.close()
            #expect(rest.map(\.offset) == [4, 5])
        }
    }

    /// Offsets stored before a clean close are committed: the next member only sees newer messages.
    static func committedNotRedelivered(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("committed", partitions: 2) { topic in
            let producer = try broker.makeProducer()
            for index in 0..<6 { try await producer.send(topic: topic, key: "k\(index)", value: "old\(index)".bytes) }
            let group = KafkaTestBroker.uniqueName("g")

            let first = try broker.makeConsumer(group: group, topics: [topic])
            _ = try await first.take(6)
            await first.close()

            for index in 0..<3 { try await producer.send(topic: topic, key: "k\(index)", value: "new\(index)".bytes) }
            await producer.close()
            let second = try broker.makeConsumer(group: group, topics: [topic])
            let fresh = try await second.take(3)
            let extra = try await second.drain(for: .seconds(1))
            await second.close()
            #expect(Set(fresh.map(\.text)) == ["new0", "new1", "new2"])
            #expect(extra.isEmpty, "nothing committed comes back: \(extra.map(\.text))")
        }
    }

    /// A tiny local queue makes senders wait for delivery reports instead of failing.
    static func backpressure(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("backpressure", partitions: 1) { topic in
            let producer = try broker.makeProducer(additional: ["queue.buffering.max.messages": "5", "linger.ms": "5"])
            let metrics = KafkaProducerMetrics(clientId: "producer")
            let fullBefore = metrics.queueFull.current
            let count = 300
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<count {
                    group.addTask { try await producer.send(topic: topic, key: nil, value: String(index).bytes) }
                }
                try await group.waitForAll()
            }
            await producer.close()
            #expect(metrics.queueFull.current > fullBefore, "senders met a full queue and waited")

            let consumer = try broker.makeConsumer(group: KafkaTestBroker.uniqueName("g"), topics: [topic])
            let messages = try await consumer.take(count)
            await consumer.close()
            #expect(Set(messages.map(\.text)) == Set((0..<count).map(String.init)))
        }
    }

    /// Closing ends iteration and refuses further work; an iterator cancelled mid-wait loses no message.
    static func shutdownAndCancellation(_ broker: KafkaTestBroker) async throws {
        try await broker.withTopic("shutdown", partitions: 1) { topic in
            let producer = try broker.makeProducer()
            let consumer = try broker.makeConsumer(group: KafkaTestBroker.uniqueName("g"), topics: [topic])

            // A cancelled wait returns nil promptly, and the next iteration still gets every message.
            let waiting = Task { () -> (KafkaMessage?, Duration) in
                var iterator = consumer.messages.makeAsyncIterator()
                let start = ContinuousClock.now
                let message = try await iterator.next()
                return (message, start.duration(to: .now))
            }
            try await Task.sleep(for: .milliseconds(300))
            waiting.cancel()
            let (cancelled, waited) = try await waiting.value
            #expect(cancelled == nil)
            #expect(waited < .seconds(2))

            try await producer.send(topic: topic, key: "a", value: "one".bytes)
            try await producer.send(topic: topic, key: "a", value: "two".bytes)
            let received = try await consumer.take(2)
            #expect(received.map(\.text) == ["one", "two"])

            // close() ends an iteration in progress.
            let reader = Task { () -> Int in
                var count = 0
                for try await _ in consumer.messages { count += 1 }
                return count
            }
            try await Task.sleep(for: .milliseconds(200))
            let closing = ContinuousClock.now
            await consumer.close()
            let leftover = try await reader.value
            #expect(leftover == 0)
            #expect(closing.duration(to: .now) < .seconds(10))
            await consumer.close()
            #expect(try await consumer.messages.first { _ in true } == nil)
            #expect(try consumer.storeOffset(received[0]) == false)
            await #expect(throws: KafkaError.self) { try await consumer.commit() }

            await producer.close()
            await #expect(throws: KafkaError.self) { try await producer.send(topic: topic, key: nil, value: []) }
        }
    }
}
