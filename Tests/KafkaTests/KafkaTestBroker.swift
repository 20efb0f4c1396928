import Foundation
import HordeCore

@testable import Kafka

/// Where a scenario runs: librdkafka's in-process mock cluster, or the real broker at `HORDE_KAFKA_BROKERS`.
/// Every topic and group name is unique per call, so repeated and parallel runs never collide.
struct KafkaTestBroker: Sendable {
    let name: String
    let bootstrapServers: String
    private let mock: KafkaMockCluster?

    /// A fresh mock cluster with `brokers` brokers.
    static func mock(brokers: Int = 1) throws -> KafkaTestBroker {
        let cluster = try KafkaMockCluster(brokers: brokers)
        return KafkaTestBroker(name: "mock", bootstrapServers: cluster.bootstrapServers, mock: cluster)
    }

    /// The broker the services use (Tansu in the local stack).
    static func real() -> KafkaTestBroker {
        let brokers = Environment().string("HORDE_KAFKA_BROKERS", default: "127.0.0.1:9092")
        return KafkaTestBroker(name: "real", bootstrapServers: brokers, mock: nil)
    }

    var logger: Logger { Logger(label: "kafka.test", level: .notice) }

    func config(_ clientId: String = "horde-test") -> KafkaConfig {
        KafkaConfig(brokers: bootstrapServers, clientId: clientId)
    }

    /// Runs `body` with a new topic of a unique name, and deletes the topic afterwards (on the real broker; a
    /// mock cluster dies with the test).
    func withTopic<R>(
        _ prefix: String, partitions: Int, _ body: (String) async throws -> R
    ) async throws -> R {
        let name = Self.uniqueName(prefix)
        if let mock {
            try mock.createTopic(name, partitions: partitions)
        } else {
            try await KafkaAdmin.createTopics(
                [TopicSpec(name: name, partitions: partitions)], config: config(), logger: logger)
        }
        do {
            let result = try await body(name)
            await dropTopic(name)
            return result
        } catch {
            await dropTopic(name)
            throw error
        }
    }

    private func dropTopic(_ name: String) async {
        guard mock == nil else { return }
        try? await KafkaAdmin.deleteTopics([name], config: config(), logger: logger)
    }

    func makeProducer(backpressureTimeout: Duration = .seconds(10), additional: [String: String] = [:]) throws
        -> KafkaProducer
    {
        var config = config("producer")
        config.additional = additional
        return try KafkaProducer(config: config, logger: logger, backpressureTimeout: backpressureTimeout)
    }

    func makeConsumer(group: String, topics: [String], additional: [String: String] = [:]) throws -> KafkaConsumer {
        var kafka = config("consumer")
        kafka.additional = additional
        return try KafkaConsumer(
            config: KafkaConsumerConfig(kafka: kafka, groupId: group, topics: topics), logger: logger)
    }

    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// Errors the test helpers raise.
struct KafkaTestTimeout: Error, CustomStringConvertible {
    let description: String
}

extension KafkaConsumer {
    /// Reads `count` messages, storing each offset unless `store` is false; throws if they don't arrive in time.
    func take(_ count: Int, store: Bool = true, within timeout: Duration = .seconds(30)) async throws
        -> [KafkaMessage]
    {
        let collected = try await withThrowingTaskGroup(of: [KafkaMessage]?.self) { group in
            group.addTask {
                var messages: [KafkaMessage] = []
                for try await message in self.messages {
                    messages.append(message)
                    if store { try self.storeOffset(message) }
                    if messages.count == count { break }
                }
                return messages
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let collected, collected.count == count else {
            throw KafkaTestTimeout(description: "expected \(count) messages within \(timeout)")
        }
        return collected
    }

    /// Collects whatever arrives during `duration`, storing nothing.
    func drain(for duration: Duration) async throws -> [KafkaMessage] {
        try await withThrowingTaskGroup(of: [KafkaMessage].self) { group in
            group.addTask {
                var messages: [KafkaMessage] = []
                let deadline = ContinuousClock.now + duration
                for try await message in self.messages {
                    messages.append(message)
                    if ContinuousClock.now >= deadline { break }
                }
                return messages
            }
            try await Task.sleep(for: duration)
            group.cancelAll()
            return try await group.next() ?? []
        }
    }

    /// Waits until the assignment satisfies `condition` while another task iterates.
    func waitForAssignment(
        within timeout: Duration = .seconds(30), _ condition: (Set<KafkaTopicPartition>) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(assignment) {
            guard ContinuousClock.now < deadline else {
                throw KafkaTestTimeout(description: "assignment \(assignment) did not settle within \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension String {
    var bytes: [UInt8] { Array(utf8) }
}

extension KafkaMessage {
    var text: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<tombstone>" }
}
