import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Stands in for the scheduler on Kafka: reads the pops of one worker and answers each on the asker's reply
/// topic after the delay and with the assignment `decide` chooses (a delay is how it "parks" a pop). Pops of
/// other workers (earlier tests of the run share the topic) are ignored.
final class FakeScheduler: Sendable {
    typealias Decision = (delay: Duration, assignment: JobAssignment?)

    private let consumer: KafkaConsumer
    private let producer: KafkaProducer
    private let pops = Locked<[PopRequest]>([])
    private let task: Task<Void, Never>

    init(worker name: String, decide: @escaping @Sendable (_ number: Int, PopRequest) -> Decision) async throws {
        let kafka = KafkaConfig(brokers: WorkerTestStack.brokers, clientId: "fake-scheduler")
        // Subscribing to a topic that does not exist yet would leave the consumer without partitions for minutes.
        try await KafkaAdmin.createTopics(
            Topics.all.map { TopicSpec(name: $0.name, partitions: $0.partitions) }, config: kafka,
            logger: WorkerTestStack.logger)
        var config = KafkaConsumerConfig(kafka: kafka, groupId: WorkerTestStack.unique("fake-scheduler"), topics: [Topics.pops.name])
        config.autoOffsetReset = "earliest"
        let consumer = try KafkaConsumer(config: config, logger: WorkerTestStack.logger)
        let producer = try KafkaProducer(config: kafka, logger: WorkerTestStack.logger)
        let publisher = EventPublisher(producer: producer)
        let pops = self.pops
        self.consumer = consumer
        self.producer = producer
        task = Task {
            await withTaskGroup(of: Void.self) { group in
                do {
                    for try await message in consumer.messages {
                        guard let envelope = try? WireCoding.decode(PopCommand.self, from: message.value ?? []),
                            case .pop(let request) = envelope.payload, request.worker.name == name
                        else { continue }
                        let number = pops.withLock { list -> Int in
                            list.append(request)
                            return list.count
                        }
                        let decision = decide(number, request)
                        group.addTask {
                            try? await Task.sleep(for: decision.delay)
                            let reply = PopReply(
                                popId: request.popId, replyTo: request.replyTo, workerId: request.worker.workerId,
                                assignment: decision.assignment)
                            try? await publisher.publish(request.replyTopic, key: request.replyTo, Envelope(payload: PopReplyMessage.reply(reply)))
                        }
                    }
                } catch {}
            }
        }
    }

    /// Publishes a reply nobody asked for, addressed to `replyTo`.
    func sendUnsolicited(to replyTo: String, assignment: JobAssignment) async throws {
        let reply = PopReply(popId: UUID(), replyTo: replyTo, workerId: UUID(), assignment: assignment)
        try await EventPublisher(producer: producer).publish(
            Topics.workerJobs.name, key: replyTo, Envelope(payload: PopReplyMessage.reply(reply)))
    }

    var received: [PopRequest] { pops.value }

    func close() async {
        task.cancel()
        await task.value
        await consumer.close()
        await producer.close()
    }

    static func imageAssignment(ids: [UUID], seed: Int) -> JobAssignment {
        JobAssignment(
            requestId: UUID(), kind: .image, jobIds: ids, model: "stable_diffusion",
            payload: ["prompt": "a lighthouse", "width": 64, "height": 64, "seed": .string(String(seed)),
                      "n_iter": .number(Double(ids.count))],
            ttlSeconds: 60)
    }
}
