import Foundation
import HordeCore
import Kafka

/// Keeps the index in step with the requests-topic partitions this instance is assigned: several scheduler
/// instances split the queue by partition, each indexing (and answering pops from) the requests of its own
/// partitions. An assignment loads the partitions' waiting requests from Postgres; a revocation drops them.
struct RequestPartitionOwnership: Sendable {
    /// The request index and the parked pops.
    let queue: SchedulerQueue
    /// The queue in Postgres.
    let store: SchedulerStore
    /// Answers parked pops a newly indexed request may serve.
    let dispatcher: PopDispatcher
    /// Where this component logs.
    let logger: Logger

    /// Applies one rebalance of the requests consumer. A failed load is retried: until it succeeds the
    /// partitions' older requests are missing from the index (pops find less work), nothing else.
    func apply(_ event: KafkaRebalanceEvent) async {
        let partitions = Set(event.partitions.map { Int($0.partition) })
        switch event {
        case .assigned:
            var delay = Duration.milliseconds(100)
            while !Task.isCancelled {
                do {
                    let loaded = try await store.loadWaiting(partitions: Array(partitions))
                    let woken = await queue.assign(partitions, loaded: loaded)
                    logger.info(
                        "request partitions assigned",
                        ["partitions": partitions.sorted().map(String.init).joined(separator: ","),
                         "requests.loaded": "\(loaded.count)"])
                    if !woken.isEmpty { await dispatcher.serveParked(woken) }
                    return
                } catch {
                    logger.warning("loading assigned partitions failed; retrying", ["error": "\(error)"])
                    try? await Task.sleep(for: delay)
                    delay = min(delay * 2, .seconds(5))
                }
            }
        case .revoked:
            await queue.revoke(partitions)
            logger.info(
                "request partitions revoked", ["partitions": partitions.sorted().map(String.init).joined(separator: ",")])
        }
    }
}
