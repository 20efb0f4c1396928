import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Feeds the statistics from the scheduler's request events (`job.completed`), in a group all gateway replicas
/// share so each job is counted by one of them; redeliveries are absorbed by `StatsRecorder`. A new group starts
/// from the earliest retained event, so a fresh deployment counts what the topic still holds.
enum StatsConsumer {
    /// The group all replicas share (with the deployment's topic prefix).
    static var groupId: String { "\(Topics.prefix)gateway-stats" }

    /// The consumer service.
    static func make(kafka: KafkaConfig, recorder: StatsRecorder, logger: Logger) -> EventConsumerService<RequestEvent> {
        var config = KafkaConsumerConfig(kafka: kafka, groupId: groupId, topics: [Topics.requestEvents.name])
        config.autoOffsetReset = "earliest"
        return EventConsumerService(name: "stats", config: config.background(), logger: logger) { envelope, _ in
            guard case .jobCompleted(let job) = envelope.payload else { return }
            try await recorder.record(
                jobId: job.jobId, kind: job.kind, model: job.model, things: job.things, at: job.completedAt)
        }
    }

    /// Drops statistics rows no figure reads any more, every `interval` until shutdown.
    static func pruner(recorder: StatsRecorder, logger: Logger, interval: Duration = .seconds(600)) -> ClosureService {
        ClosureService(name: "stats-pruner") {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await gracefulShutdownTriggered() }
                group.addTask {
                    while !Task.isCancelled {
                        do {
                            try await recorder.prune()
                        } catch is CancellationError {
                            return
                        } catch {
                            logger.info("statistics pruning failed", ["error": "\(error)"])
                        }
                        do { try await Task.sleep(for: interval) } catch { return }
                    }
                }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
