import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Consumes the requests topic in batches (`BatchedConsumer`): a burst of requests is stored by one statement and
/// announced with one round of broker acknowledgements before the batch's offsets are stored. It also follows the
/// group's rebalances, so the index holds exactly the requests of this instance's partitions.
struct RequestsConsumerService: Service {
    /// The service name in logs.
    let name = "requests"
    /// The consumer's settings (group and topic).
    let config: KafkaConsumerConfig
    /// Handles each batch.
    let handler: RequestCommandHandler
    /// Follows the assignment.
    let ownership: RequestPartitionOwnership
    /// The most commands handled together.
    var maxBatch = 256
    /// Where this component logs.
    let logger: Logger

    /// Consumes until graceful shutdown, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let handler = self.handler
        let ownership = self.ownership
        await BatchedConsumer<RequestCommand>(name: name, maxBatch: maxBatch, logger: logger).run(
            consumer,
            alongside: { for await event in consumer.rebalanceEvents { await ownership.apply(event) } },
            handle: { try await handler.handle(batch: $0) })
    }
}
