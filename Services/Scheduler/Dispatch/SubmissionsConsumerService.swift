import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Consumes the submissions topic in batches (`BatchedConsumer`): the offsets of a batch are stored only after
/// its settlements committed and their events were acknowledged.
struct SubmissionsConsumerService: Service {
    /// The service name in logs.
    let name = "submissions"
    /// The consumer's settings (group and topic).
    let config: KafkaConsumerConfig
    /// Settles each batch.
    let handler: SubmissionHandler
    /// The most submissions settled in one transaction.
    var maxBatch = 128
    /// Where this component logs.
    let logger: Logger

    /// Consumes until graceful shutdown, then leaves the group.
    func run() async throws {
        let consumer = try KafkaConsumer(config: config, logger: logger)
        let handler = self.handler
        await BatchedConsumer<SubmissionMessage>(name: name, maxBatch: maxBatch, logger: logger).run(consumer) {
            try await handler.handle(batch: $0.map(\.envelope))
        }
    }
}
