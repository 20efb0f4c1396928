import Foundation
import HordeCore
import Kafka
import Messages
import ServiceKit

/// Feeds the statistics from the scheduler's request events (`job.completed`), and workers' aborted jobs
/// (`job.failed`, timeouts) to `WorkerAbortRecorder`, in a group all gateway replicas share so each event is counted
/// by one of them; redeliveries are absorbed by the recorders. A new group starts
/// from the earliest retained event, so a fresh deployment counts what the topic still holds.
enum StatsConsumer {
    /// The group all replicas share (with the deployment's topic prefix).
    static var groupId: String { "\(Topics.prefix)gateway-stats" }

    /// The consumer service.
    static func make(kafka: KafkaConfig, recorder: StatsRecorder, logger: Logger) -> EventConsumerService<RequestEvent> {
        var config = KafkaConsumerConfig(kafka: kafka, groupId: groupId, topics: [Topics.requestEvents.name])
        config.autoOffsetReset = "earliest"
        let aborts = WorkerAbortRecorder(pool: recorder.pool)
        return EventConsumerService(name: "stats", config: config.background(), logger: logger) { envelope, _ in
            switch envelope.payload {
            case .jobCompleted(let job):
                try await recorder.record(
                    jobId: job.jobId, kind: job.kind, model: job.model, things: job.things, at: job.completedAt)
            case .jobFailed(let failed):
                // Workers' aborted jobs ride on this consumer: same events, same once-per-event group.
                try await aborts.record(failed, eventId: envelope.id)
            default:
                return
            }
        }
    }

    /// Drops statistics rows no figure reads any more, every `interval` until shutdown.
    static func pruner(recorder: StatsRecorder, logger: Logger, interval: Duration = .seconds(600)) -> ClosureService {
        RepeatingService.make(
            name: "stats-pruner", every: interval, startNow: true, logger: logger,
            failure: "statistics pruning failed"
        ) { try await recorder.prune() }
    }
}
