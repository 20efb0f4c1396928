import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Drops cached statuses when the scheduler reports a change (`Topics.requestEvents`, shared group
/// `gateway-cache`: the cache is shared, so one replica's delete serves all). It starts at the latest offset: a
/// missed event only leaves a body that expires within its short TTL.
enum StatusInvalidationConsumer {
    /// The group all replicas share (with the deployment's topic prefix, so test runs sharing a broker stay apart).
    static var groupId: String { "\(Topics.prefix)gateway-cache" }

    /// The consumer service.
    static func make(kafka: KafkaConfig, cache: StatusCache, logger: Logger) -> EventConsumerService<RequestEvent> {
        var config = KafkaConsumerConfig(kafka: kafka, groupId: groupId, topics: [Topics.requestEvents.name])
        config.autoOffsetReset = "latest"
        return EventConsumerService(name: "status-cache", config: config, logger: logger) { envelope, _ in
            await cache.invalidate(envelope.payload.requestId)
        }
    }
}
